// A certificate's state as a coloured tag: expired red, expiring orange (named in common/workforce.ts).
import { Tag } from 'antd';
import { CERTIFICATE_STATES, type CertificateState } from '../../../../common/workforce.ts';
import { useI18n } from '../../shared/i18n.tsx';

const COLOURS: Record<CertificateState, string | undefined> = {
  expired: 'red',
  expiring: 'orange',
  valid: 'green',
  none: undefined,
};

export function CertificateTag({ state }: { state: CertificateState }) {
  const { pick } = useI18n();
  return (
    <Tag color={COLOURS[state]} data-testid={`certificate-${state}`}>
      {pick(CERTIFICATE_STATES[state])}
    </Tag>
  );
}
