// 不登录直接反映: whoever will not register reports with what, where (the phone's own position —
// the map and the unit tree are for signed-in users) and, if they like, a name and a mobile for
// the received and resolved SMS; the receipt gives the case number and the tracking code.
import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../shared/api.ts';
import type { Category } from '../../shared/api-types.ts';
import { loadPublicCategories } from '../../shared/categories.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { Receipt } from './receipt.tsx';
import { CategoryAndDescription } from './report-fields.tsx';
import { mobileOf } from './sms-sign-in-form.tsx';
import { Button, ErrorNotice, Field, Notice } from './ui.tsx';

interface Position {
  lng: number;
  lat: number;
}

type Locating = { state: 'idle' } | { state: 'busy' } | { state: 'found'; at: Position } | { state: 'failed' };

export function PublicReportForm({ onBack }: { onBack: () => void }) {
  const { t } = useI18n();
  const [categories, setCategories] = useState<Category[] | null>(null);
  const [categoriesError, setCategoriesError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  const [categoryCode, setCategoryCode] = useState('');
  const [description, setDescription] = useState('');
  const [locating, setLocating] = useState<Locating>({ state: 'idle' });
  const [address, setAddress] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [receipt, setReceipt] = useState<{ number: string; trackingCode: string } | null>(null);

  useEffect(() => {
    setCategoriesError(null);
    loadPublicCategories().then(setCategories, setCategoriesError);
  }, [round]);

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocating({ state: 'failed' });
      return;
    }
    setLocating({ state: 'busy' });
    navigator.geolocation.getCurrentPosition(
      (position) =>
        setLocating({ state: 'found', at: { lng: position.coords.longitude, lat: position.coords.latitude } }),
      () => setLocating({ state: 'failed' }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const mobile = phone.trim() === '' ? null : mobileOf(phone);
    const problems: Record<string, string> = {};
    if (!categories?.some((c) => c.code === categoryCode && c.ownerLevel !== null))
      problems.category = t('intake.categoryRequired');
    if (description.trim().length < 5) problems.description = t('intake.descriptionRequired');
    if (locating.state !== 'found') problems.location = t('resident.locationRequired');
    if (phone.trim() !== '' && mobile === null) problems.phone = t('resident.mobileInvalid');
    setInvalid(problems);
    if (Object.keys(problems).length > 0 || locating.state !== 'found') return;
    setBusy(true);
    setError(null);
    try {
      const answer = await api.POST('/api/v1/public/reports', {
        body: {
          categoryCode,
          description: description.trim(),
          // What a phone's position service gives (WGS84); the server converts it.
          location: { ...locating.at, crs: 'wgs84' },
          ...(address.trim() ? { address: address.trim() } : {}),
          ...(name.trim() || mobile
            ? { reporter: { ...(name.trim() ? { name: name.trim() } : {}), ...(mobile ? { phone: mobile } : {}) } }
            : {}),
        },
      });
      setReceipt(answer);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (receipt) {
    return (
      <div className="r-stack" data-testid="public-report-done">
        <Receipt number={receipt.number} trackingCode={receipt.trackingCode} />
        <button type="button" className="r-link" onClick={onBack}>
          {t('resident.backToSignIn')}
        </button>
      </div>
    );
  }
  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="public-report-form">
      <p className="r-muted">{t('resident.anonymousIntro')}</p>
      {categoriesError !== null && <ErrorNotice error={categoriesError} onRetry={() => setRound((r) => r + 1)} />}
      {error !== null && <ErrorNotice error={error} />}
      <CategoryAndDescription
        prefix="r-public"
        categories={categories}
        categoryCode={categoryCode}
        onCategoryCode={setCategoryCode}
        description={description}
        onDescription={setDescription}
        invalid={invalid}
        testIds={{ category: 'public-category-select', description: 'public-description' }}
      />
      <div className="r-field">
        <span className="r-label">{t('resident.where')}</span>
        <Button block onClick={locate} busy={locating.state === 'busy'} data-testid="public-locate">
          {locating.state === 'busy' ? t('resident.locating') : t('resident.useMyLocation')}
        </Button>
        {locating.state === 'found' && (
          <span className="r-help" data-testid="public-located">
            {t('resident.located')}
          </span>
        )}
        {locating.state === 'failed' && <Notice kind="warning">{t('resident.locationFailed')}</Notice>}
        {invalid.location && <span className="r-error-text">{invalid.location}</span>}
      </div>
      <Field label={t('case.address')} htmlFor="r-public-address">
        <input
          id="r-public-address"
          className="r-input"
          maxLength={200}
          placeholder={t('resident.addressPlaceholder')}
          value={address}
          onChange={(e) => setAddress(e.target.value)}
        />
      </Field>
      <Field label={t('resident.yourName')} htmlFor="r-public-name">
        <input
          id="r-public-name"
          className="r-input"
          maxLength={64}
          autoComplete="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <Field
        label={t('resident.mobile')}
        htmlFor="r-public-phone"
        help={t('resident.anonymousPhoneHelp')}
        error={invalid.phone}
      >
        <input
          id="r-public-phone"
          className="r-input"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          maxLength={16}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          data-testid="public-phone"
        />
      </Field>
      <Button type="submit" variant="primary" block busy={busy} data-testid="public-submit">
        {t('resident.submit')}
      </Button>
      <button type="button" className="r-link" onClick={onBack} data-testid="back-to-sign-in">
        {t('resident.backToSignIn')}
      </button>
    </form>
  );
}
