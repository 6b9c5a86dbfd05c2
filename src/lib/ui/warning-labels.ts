import type { WarningCode } from '../ingest/report';

/**
 * Short human titles for the import report's warning codes (the codes stay stable for tests and
 * the command line; a person reads the title, then the message's sentence).
 */
const LABELS: Record<WarningCode, string> = {
  mapping_incomplete: 'Mapping incomplete',
  ambiguous_date: 'Ambiguous dates',
  big_integers_as_text: 'Long numbers kept as text',
  read_as_text: 'Read as text',
  blank_lines_skipped: 'Blank lines skipped',
  checks_failed: 'Checks unfinished',
  duplicate_header_renamed: 'Repeated column names',
  duplicate_rows: 'Repeated rows',
  empty_header_named: 'Unnamed columns',
  encoding_converted: 'Text encoding converted',
  encoding_guessed: 'Text encoding guessed',
  epoch_units_mixed: 'Seconds and milliseconds mixed',
  footer_excluded: 'Footer left out',
  future_dates: 'Dates in the future',
  header_shortened: 'Long column names cut',
  header_trimmed: 'Column names trimmed',
  invalid_dates: 'Dates that do not read',
  invalid_utf8_replaced: 'Unreadable characters',
  line_endings_normalized: 'Mixed line endings',
  line_numbers_inexact: 'Line numbers may be off',
  mixed_date_formats: 'Mixed date formats',
  naive_timestamps_assumed_zone: 'Times without an offset',
  no_data_rows: 'No data rows',
  no_header_detected: 'No header line',
  nul_bytes: 'NUL bytes removed',
  null_tokens_applied: '“No value” cells left empty',
  preamble_skipped: 'Lines before the header skipped',
  rejected_rows: 'Unreadable lines',
  sentinel_dates: 'Placeholder dates',
  thousands_separators_removed: 'Thousands separators removed',
  unbalanced_quote: 'Unbalanced quote',
  units_stripped: 'Units removed from numbers'
};

export function warningLabel(code: WarningCode): string {
  return LABELS[code] ?? code.replaceAll('_', ' ');
}

/** The message as a sentence: capital first letter, full stop at the end. */
export function warningSentence(message: string): string {
  const s = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?)]$/.test(s) ? s : s + '.';
}
