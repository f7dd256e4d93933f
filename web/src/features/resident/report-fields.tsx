// The first two fields of every resident report, signed in or not: what it is about (the
// categories grouped by their parent) and what happened.
import type { Category } from '../../shared/api-types.ts';
import { categoryOptions } from '../../shared/categories.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { Field } from './ui.tsx';

export function CategoryAndDescription({
  prefix,
  categories,
  categoryCode,
  onCategoryCode,
  description,
  onDescription,
  invalid,
  testIds,
}: {
  /** Element ids start with it, so two forms on one page never share an id. */
  prefix: string;
  categories: Category[] | null;
  categoryCode: string;
  onCategoryCode: (code: string) => void;
  description: string;
  onDescription: (text: string) => void;
  invalid: { category?: string | undefined; description?: string | undefined };
  testIds: { category: string; description: string };
}) {
  const { t } = useI18n();
  return (
    <>
      <Field label={t('resident.what')} htmlFor={`${prefix}-category`} error={invalid.category}>
        <select
          id={`${prefix}-category`}
          className="r-input"
          value={categoryCode}
          onChange={(e) => onCategoryCode(e.target.value)}
          data-testid={testIds.category}
        >
          <option value="">{categories ? t('resident.categoryPlaceholder') : t('resident.loading')}</option>
          {categoryOptions(categories ?? []).map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </Field>
      <Field label={t('resident.describe')} htmlFor={`${prefix}-description`} error={invalid.description}>
        <textarea
          id={`${prefix}-description`}
          className="r-input"
          rows={4}
          maxLength={2000}
          placeholder={t('resident.describePlaceholder')}
          value={description}
          onChange={(e) => onDescription(e.target.value)}
          data-testid={testIds.description}
        />
      </Field>
    </>
  );
}
