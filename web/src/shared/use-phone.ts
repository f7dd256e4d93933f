// Whether the console is drawn for a phone: at widths of 480 px or less the frame becomes a bottom
// tab bar and lists become cards. One media query, followed as the window changes (rotation).
import { useMediaQuery } from './media-query.ts';

export const PHONE_QUERY = '(max-width: 480px)';

export function usePhone(): boolean {
  return useMediaQuery(PHONE_QUERY);
}
