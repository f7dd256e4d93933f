/** One fixed-window counter: how often `subject` did what `scope` counts since `window_start`. */
export interface RateWindowTable {
  /** What is counted, e.g. 'person_lookup' (subject: a user id) or 'case_intake_address' (an address). */
  scope: string;
  subject: string;
  /** ISO start of the current window (a multiple of the window's length since the epoch). */
  window_start: string;
  hits: number;
}

export interface RateWindowTables {
  rate_window: RateWindowTable;
}
