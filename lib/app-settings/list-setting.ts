import { InvalidSettingError } from './invalid-setting-error';

/**
 * A list from cdk.json (a JSON array) or from `-c key=a,b` (a comma-separated string), trimmed;
 * undefined when unset. A blank entry or an entry given twice is refused rather than dropped: it
 * is most often a typo (a missing name between commas, a region meant to be another).
 */
export function listSetting(key: string, value: unknown): string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || items.some((item) => typeof item !== 'string')) {
    throw new InvalidSettingError(key, value, 'a comma-separated string or a JSON list of strings');
  }
  const trimmed = (items as string[]).map((item) => item.trim());
  if (trimmed.some((item) => item === '')) {
    throw new InvalidSettingError(
      key,
      value,
      'a list without blank entries (no empty item between commas, nor a trailing comma)'
    );
  }
  const repeated = trimmed.find((item, i) => trimmed.indexOf(item) !== i);
  if (repeated !== undefined) {
    throw new InvalidSettingError(
      key,
      value,
      `each entry once ("${repeated}" is listed more than once)`
    );
  }
  return trimmed;
}
