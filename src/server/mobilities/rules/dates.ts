/**
 * Calendar-date arithmetic on ISO `YYYY-MM-DD` strings, without time zones: a mobility day is a date on
 * the participant's calendar, not an instant, so every computation works on UTC day numbers.
 */

const millisecondsPerDay = 86_400_000;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Two ASCII digits at `index`, or -1. Parsing by hand keeps 10,000-row validations well under a millisecond each. */
function digitsAt(text: string, index: number, count: number): number {
  let value = 0;
  for (let offset = 0; offset < count; offset += 1) {
    const code = text.charCodeAt(index + offset) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/** Days since 1970-01-01 for a valid ISO calendar date, or null (wrong format or no such day). */
export function isoDayNumber(isoDate: string | null | undefined): number | null {
  if (!isoDate || isoDate.length !== 10 || isoDate[4] !== '-' || isoDate[7] !== '-') return null;
  const year = digitsAt(isoDate, 0, 4);
  const month = digitsAt(isoDate, 5, 2);
  const day = digitsAt(isoDate, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  // Days from civil (Howard Hinnant's algorithm): exact for the proleptic Gregorian calendar.
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** ISO date of a UTC day number. */
export function isoDateFromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * millisecondsPerDay).toISOString().slice(0, 10);
}

/** ISO date from calendar parts, or null if that day does not exist (31 February…). */
export function isoDateFromParts(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 1000 || year > 9999) return null;
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isoDayNumber(iso) === null ? null : iso;
}

/**
 * Calendar days of a period counting both the first and the last day, as the Beneficiary Module does
 * ("Duration (days)" of a mobility from 01-03 to 10-03 is 10). Null if a date is missing or invalid.
 */
export function inclusiveDayCount(startDate: string | null | undefined, endDate: string | null | undefined): number | null {
  const start = isoDayNumber(startDate);
  const end = isoDayNumber(endDate);
  if (start === null || end === null) return null;
  return end - start + 1;
}

/** Age in whole years on a given date (someone born on 29 February turns a year older on 1 March in common years). */
export function ageOn(birthDate: string, onDate: string): number | null {
  if (isoDayNumber(birthDate) === null || isoDayNumber(onDate) === null) return null;
  const hasHadBirthday = onDate.slice(5) >= birthDate.slice(5);
  return Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4)) - (hasHadBirthday ? 0 : 1);
}
