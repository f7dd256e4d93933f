// 我要反映: what, where (the resident's community, or a point), the phone for the call back and
// several photos. The point and the photo tools load only when asked for.
import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { api } from '../../shared/api.ts';
import type { Category } from '../../shared/api-types.ts';
import { loadCategories } from '../../shared/categories.ts';
import { describeError } from '../../shared/describe-error.ts';
import { useI18n } from '../../shared/i18n.tsx';
import type { PickedPhoto } from '../photos/photo-picker.tsx';
import { uploadPhotos } from '../photos/upload.ts';
import type { ReportPoint } from './point-field.tsx';
import { useResidentSession } from './resident-session.tsx';
import { Receipt } from './receipt.tsx';
import { CategoryAndDescription } from './report-fields.tsx';
import { Button, ErrorNotice, Field, Notice, Spinner } from './ui.tsx';

const PointField = lazy(() => import('./point-field.tsx'));
const PhotoPicker = lazy(() => import('./photo-picker.tsx'));

interface Done {
  number: string;
  trackingCode: string | null;
  photosFailed: string[];
}

function Reported({ done, onAgain }: { done: Done; onAgain: () => void }) {
  const { t } = useI18n();
  return (
    <div className="r-stack" data-testid="report-done">
      <Receipt number={done.number} trackingCode={done.trackingCode} />
      {done.photosFailed.length > 0 && (
        <Notice kind="warning">
          {t('resident.photoFailed')}
          {done.photosFailed.join('；')}
        </Notice>
      )}
      <Button variant="primary" block onClick={onAgain}>
        {t('resident.reportAnother')}
      </Button>
    </div>
  );
}

export function ReportForm({ onReported }: { onReported: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useResidentSession();
  const [categories, setCategories] = useState<Category[] | null>(null);
  const [categoriesError, setCategoriesError] = useState<unknown>(null);
  const [categoryCode, setCategoryCode] = useState('');
  const [description, setDescription] = useState('');
  const [place, setPlace] = useState<'home' | 'point'>('home');
  const [point, setPoint] = useState<ReportPoint | null>(null);
  const [address, setAddress] = useState('');
  const [phone, setPhone] = useState('');
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  /** The photos chosen with the form's own button, before the photo tools loaded. */
  const [firstPhotos, setFirstPhotos] = useState<File[] | null>(null);
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Done | null>(null);

  const [round, setRound] = useState(0);
  useEffect(() => {
    setCategoriesError(null);
    loadCategories().then(setCategories, setCategoriesError);
  }, [round]);

  const check = (): Record<string, string> => {
    const problems: Record<string, string> = {};
    if (!categories?.some((c) => c.code === categoryCode)) problems.category = t('intake.categoryRequired');
    if (description.trim().length < 5) problems.description = t('intake.descriptionRequired');
    if (phone !== '' && !/^1[3-9]\d{9}$/.test(phone.replace(/\s+/g, ''))) problems.phone = t('intake.phoneInvalid');
    if (place === 'point' && point === null) problems.point = t('resident.pointRequired');
    return problems;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = check();
    setInvalid(problems);
    if (Object.keys(problems).length > 0) return;
    const category = categories!.find((c) => c.code === categoryCode)!;
    setBusy(true);
    setError(null);
    try {
      const created = await api.POST('/api/v1/cases', {
        body: {
          kind: category.kind,
          categoryCode,
          channel: 'web',
          description: description.trim(),
          ...(place === 'point' && point ? { location: point } : {}),
          ...(address.trim() ? { address: address.trim() } : {}),
          ...(phone.trim()
            ? { reporter: { name: me?.user.displayName ?? '-', phone: phone.replace(/\s+/g, '') } }
            : {}),
        },
      });
      // Each photo with the stage a resident's upload has (what was reported) and, when its EXIF
      // had one, where it was taken.
      const outcome = await uploadPhotos(created.id, photos, 'report');
      const photosFailed = outcome.failed.map(
        ({ photo, error }) =>
          `${t('resident.photoN', { n: photos.indexOf(photo) + 1 })}：${describeError(error, i18n)}`,
      );
      for (const photo of photos) URL.revokeObjectURL(photo.url);
      setDone({ number: created.number, trackingCode: created.trackingCode ?? null, photosFailed });
      setCategoryCode('');
      setDescription('');
      setPlace('home');
      setPoint(null);
      setAddress('');
      setPhone('');
      setPhotos([]);
      setFirstPhotos(null);
      onReported();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (done) return <Reported done={done} onAgain={() => setDone(null)} />;
  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="report-form">
      {categoriesError !== null && <ErrorNotice error={categoriesError} onRetry={() => setRound((r) => r + 1)} />}
      {error !== null && <ErrorNotice error={error} />}
      <CategoryAndDescription
        prefix="r"
        categories={categories}
        categoryCode={categoryCode}
        onCategoryCode={setCategoryCode}
        description={description}
        onDescription={setDescription}
        invalid={invalid}
        testIds={{ category: 'category-select', description: 'report-description' }}
      />
      <fieldset className="r-field" style={{ border: 0, padding: 0, margin: '0 0 16px' }}>
        <legend className="r-label">{t('resident.where')}</legend>
        <label className="r-radio">
          <input type="radio" name="place" checked={place === 'home'} onChange={() => setPlace('home')} />
          {t('resident.myCommunity', { unit: me?.memberships[0]?.unitName ?? '' })}
        </label>
        <label className="r-radio">
          <input
            type="radio"
            name="place"
            checked={place === 'point'}
            onChange={() => setPlace('point')}
            data-testid="place-point"
          />
          {t('resident.pointOption')}
        </label>
        {place === 'point' && (
          <Suspense fallback={<Spinner />}>
            <PointField value={point} onChange={setPoint} />
          </Suspense>
        )}
        {invalid.point && <span className="r-error-text">{invalid.point}</span>}
      </fieldset>
      <Field label={t('case.address')} htmlFor="r-address">
        <input
          id="r-address"
          className="r-input"
          maxLength={200}
          placeholder={t('resident.addressPlaceholder')}
          value={address}
          onChange={(e) => setAddress(e.target.value)}
        />
      </Field>
      <Field label={t('resident.phone')} htmlFor="r-phone" help={t('resident.phoneHelp')} error={invalid.phone}>
        <input
          id="r-phone"
          className="r-input"
          inputMode="tel"
          autoComplete="tel"
          maxLength={13}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          data-testid="report-phone"
        />
      </Field>
      <div className="r-field">
        <span className="r-label">{t('resident.photos')}</span>
        {firstPhotos ? (
          <Suspense fallback={<Spinner />}>
            <PhotoPicker value={photos} onChange={setPhotos} incoming={firstPhotos} />
          </Suspense>
        ) : (
          <label className="r-button r-button-block">
            {t('resident.photosOpen')}
            <input
              type="file"
              accept="image/*"
              multiple
              hidden
              data-testid="photo-input"
              onChange={(e) => setFirstPhotos([...(e.target.files ?? [])])}
            />
          </label>
        )}
      </div>
      <Button type="submit" variant="primary" block busy={busy} data-testid="report-submit">
        {t('resident.submit')}
      </Button>
    </form>
  );
}
