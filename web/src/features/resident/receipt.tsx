// 回执: what a resident keeps after reporting — the case number and the tracking code (查询码), which
// opens the case's progress without an account (进度查询, or the link in the SMS), with a copy button.
import { useState } from 'react';
import { useI18n } from '../../shared/i18n.tsx';
import { Button, Notice } from './ui.tsx';

/** The clipboard where the browser allows it (a secure page), else the old selection copy. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const field = document.createElement('textarea');
    field.value = text;
    field.setAttribute('readonly', '');
    field.style.position = 'fixed';
    field.style.opacity = '0';
    document.body.appendChild(field);
    field.select();
    // execCommand is deprecated but is the only copy an insecure (plain http) page has.
    const copied = document.execCommand('copy');
    field.remove();
    return copied;
  }
}

export function Receipt({ number, trackingCode }: { number: string; trackingCode: string | null }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <Notice kind="success" testId="receipt">
      <strong>{t('resident.reported')}</strong>
      <br />
      {t('resident.yourNumber')} <strong data-testid="reported-number">{number}</strong>
      {trackingCode && (
        <>
          <div className="r-row" style={{ marginTop: 8 }}>
            <span>{t('resident.trackingCode')}</span>
            <strong className="r-code" data-testid="tracking-code">
              {trackingCode}
            </strong>
            <Button
              small
              onClick={() => void copyText(trackingCode).then(setCopied)}
              aria-live="polite"
              data-testid="copy-tracking-code"
            >
              {copied ? t('resident.copied') : t('resident.copy')}
            </Button>
          </div>
          <span className="r-muted">{t('resident.trackingHint')}</span>
        </>
      )}
      {!trackingCode && (
        <>
          <br />
          {t('resident.trackHint')}
        </>
      )}
    </Notice>
  );
}
