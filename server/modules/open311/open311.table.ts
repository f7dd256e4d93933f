/** What a GeoReport request carried besides the case it became (the case is the cases module's). */
export interface Open311RequestTable {
  case_id: number;
  service_account_id: number | null;
  /** The client's media URL, kept as sent (http or https only), never fetched. */
  media_url: string | null;
  /** JSON object: attribute code → answer (a string, or a list for a multivaluelist). */
  attributes: string;
  created_at: string;
}

export interface Open311Tables {
  open311_request: Open311RequestTable;
}
