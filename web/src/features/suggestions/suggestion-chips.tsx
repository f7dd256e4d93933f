// 智能建议: while the operator types a report (intake) or the dispatcher reads one (triage), the
// top 3 categories or lead units the centre's own history suggests, with the model's confidence,
// as chips that fill the field when clicked. Nothing shows before a model exists or for roles
// that do not register or triage cases.
import { Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { holds } from '../../../../common/powers.ts';
import { useSession } from '../../app/session.tsx';
import { api, type Answer } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n.tsx';

type Suggestions = Answer<'/api/v1/suggestions', 'post'>;

/** Asks at most every 400 ms while the text changes; texts shorter than 5 characters are not asked about. */
export function useSuggestions(text: string, unitId?: number): Suggestions | null {
  const { roles } = useSession();
  const allowed = roles.some((role) => holds(role, 'suggestion:read'));
  const [answer, setAnswer] = useState<Suggestions | null>(null);
  const trimmed = text.trim();
  useEffect(() => {
    if (!allowed || [...trimmed].length < 5) {
      setAnswer(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api.POST('/api/v1/suggestions', { body: { text: trimmed.slice(0, 5000), ...(unitId ? { unitId } : {}) } }).then(
        (found) => live && setAnswer(found),
        // A suggestion is a help: without it the form works as before.
        () => live && setAnswer(null),
      );
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [allowed, trimmed, unitId]);
  return answer;
}

export function SuggestionChips<V extends string | number>({
  label,
  items,
  selected,
  onPick,
  testId,
}: {
  label: string;
  items: { value: V; name: string; confidence: number }[];
  selected?: V | undefined;
  onPick: (value: V) => void;
  testId: string;
}) {
  const { t } = useI18n();
  if (items.length === 0) return null;
  return (
    <Space size={[4, 4]} wrap data-testid={testId} style={{ marginTop: 6 }}>
      <Tooltip title={t('suggest.hint')}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {label}
        </Typography.Text>
      </Tooltip>
      {items.map((item) => (
        <Tag.CheckableTag
          key={String(item.value)}
          checked={selected === item.value}
          onChange={() => onPick(item.value)}
          data-testid={`${testId}-chip`}
          style={{ border: '1px solid #d9d9d9' }}
        >
          {t('suggest.confidence', { name: item.name, percent: Math.round(item.confidence * 100) })}
        </Tag.CheckableTag>
      ))}
    </Space>
  );
}
