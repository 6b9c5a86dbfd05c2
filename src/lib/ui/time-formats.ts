/** Time formats offered in the column mapper; any strptime pattern can also be typed. */
export const TIME_FORMATS: { value: string; label: string }[] = [
  { value: 'auto', label: 'Detect automatically' },
  { value: '%Y-%m-%dT%H:%M:%S%z', label: 'ISO 8601 with offset (2024-03-01T10:00:00+02:00)' },
  { value: '%Y-%m-%d %H:%M:%S', label: 'YYYY-MM-DD HH:MM:SS' },
  { value: '%Y-%m-%d', label: 'YYYY-MM-DD' },
  { value: '%Y%m%d', label: 'YYYYMMDD' },
  { value: 'epoch_s', label: 'Epoch seconds' },
  { value: 'epoch_ms', label: 'Epoch milliseconds' },
  { value: '%d/%m/%Y', label: 'Day first (31/12/2024)' },
  { value: '%m/%d/%Y', label: 'Month first (12/31/2024)' },
  { value: '%d-%m-%Y', label: 'Day first (31-12-2024)' },
  { value: '%d-%m-%Y %H:%M', label: 'Day first with time (31-12-2024 18:04)' },
  { value: '%d/%m/%Y %H:%M', label: 'Day first with time (31/12/2024 18:04)' },
  { value: '%m/%d/%Y %H:%M', label: 'Month first with time (12/31/2024 18:04)' }
];
