// Category picker with search over the responsibility list (权责清单), grouped by kind.
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { categoryOptions, loadCategories } from '../../shared/categories.ts';
import { useI18n } from '../../shared/i18n.tsx';
import type { Category } from '../../shared/api-types.ts';

export function useCategories(): { categories: Category[]; error: unknown } {
  const [categories, setCategories] = useState<Category[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    loadCategories().then(setCategories, setError);
  }, []);
  return { categories, error };
}

export function CategorySelect({
  categories,
  value,
  onChange,
  size,
  autoFocus,
}: {
  categories: Category[];
  value?: string;
  onChange?: (value: string) => void;
  size?: 'middle' | 'large';
  autoFocus?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Select
      showSearch
      autoFocus={autoFocus}
      size={size}
      value={value}
      onChange={onChange}
      optionFilterProp="label"
      placeholder={t('intake.categoryPlaceholder')}
      options={categoryOptions(categories)}
      loading={categories.length === 0}
      data-testid="category-select"
      style={{ width: '100%' }}
    />
  );
}
