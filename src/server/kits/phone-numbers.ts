import libphonenumber from 'google-libphonenumber';

const phoneNumbers = libphonenumber.PhoneNumberUtil.getInstance();
const shortNumbers = libphonenumber.ShortNumberInfo.getInstance();

export type PhoneCheck = { isValid: boolean; kind: 'international' | 'national' | 'short' };

/**
 * Checks a kit number against libphonenumber's metadata for the kit's country: numbers in
 * international format must be valid numbers; numbers dialled locally must be valid national numbers
 * of that country or, for 112, 110, 116xxx and the like, valid short numbers there (ShortNumberInfo).
 */
export function checkPhoneNumber(number: string, regionCode: string): PhoneCheck {
  try {
    const parsed = phoneNumbers.parse(number, regionCode);
    if (number.trim().startsWith('+')) return { isValid: phoneNumbers.isValidNumber(parsed), kind: 'international' };
    if (phoneNumbers.isValidNumberForRegion(parsed, regionCode)) return { isValid: true, kind: 'national' };
    return { isValid: shortNumbers.isValidShortNumberForRegion(parsed, regionCode as libphonenumber.RegionCode), kind: 'short' };
  } catch {
    return { isValid: false, kind: number.trim().startsWith('+') ? 'international' : 'short' };
  }
}

/** The `tel:` target: E.164 for full numbers, the digits as dialled for short national numbers. */
export function telephoneHref(number: string, regionCode: string): string {
  const check = checkPhoneNumber(number, regionCode);
  if (check.kind === 'short') return `tel:${number.replace(/\D/g, '')}`;
  const parsed = phoneNumbers.parse(number, regionCode);
  return `tel:${phoneNumbers.format(parsed, libphonenumber.PhoneNumberFormat.E164)}`;
}
