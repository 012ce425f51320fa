/** Erasmus+ organisation ID: the letter E followed by eight digits. */
export const oidPattern = /^E\d{8}$/;

export function isValidOid(value: string): boolean {
  return oidPattern.test(value);
}

/** Accepts "45,76" (French decimal comma) as well as "45.76". */
export function parseDecimal(value: string): number {
  return Number(value.trim().replace(/\s/g, '').replace(',', '.'));
}
