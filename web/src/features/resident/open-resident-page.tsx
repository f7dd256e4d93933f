// The console reached /m by navigating inside itself (a resident signed in at /login): load the
// residents' page as a page of its own, so that the console's code does not stay behind it.
import { useEffect } from 'react';

export function OpenResidentPage() {
  useEffect(() => {
    window.location.replace(`/m${window.location.search}${window.location.hash}`);
  }, []);
  return null;
}
