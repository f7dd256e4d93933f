// The tree editor's dialogs (issue 18 §3): create a unit under the chosen one, rename, move under
// another parent, close, draw a boundary on the map or type its vertices (one "经度,纬度" a line,
// GCJ-02), split a grid into parts, merge grids of one village. A refusal (a boundary that overlaps a neighbour,
// leaves its area, crosses itself; a unit with open cases) shows in the dialog, in Chinese first.
import { Button, Checkbox, Form, Input, Select, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, type Body } from '../../shared/api.ts';
import { FormDialog, useSubmit } from '../../shared/form-dialog.tsx';
import { useI18n } from '../../shared/i18n.tsx';
import { UNIT_KIND_LABELS, labelOf } from '../../shared/labels.ts';
import {
  CREATABLE_UNIT_KINDS,
  PARENT_LEVELS,
  domainsOf,
  type CreatableUnitKind,
} from '../../../../common/org-units.ts';
import { LazyPolygonDrawer } from '../map/lazy-map.tsx';
import { UnitSearch } from './unit-search.tsx';
import type { UnitRow } from './units.ts';

type Geometry = Body<'/api/v1/units/{id}/geometry', 'put'>;

/** What kinds of unit may stand under this one. */
export function creatableUnder(unit: UnitRow): CreatableUnitKind[] {
  if (unit.type !== 'region' || unit.closedAt !== null) return [];
  return CREATABLE_UNIT_KINDS.filter((k) => PARENT_LEVELS[k].includes(unit.level));
}

/** "经度,纬度" lines → a one-ring Polygon; null when a line is not two numbers. */
export function parseVertices(text: string): Geometry | null {
  const ring: [number, number][] = [];
  for (const line of text
    .split(/\n/)
    .map((l) => l.trim())
    .filter(Boolean)) {
    const parts = line.split(/[,，\s]+/).map(Number);
    if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n))) return null;
    ring.push([parts[0]!, parts[1]!]);
  }
  return ring.length > 0 ? { type: 'Polygon', coordinates: [ring] } : null;
}

/** The first ring of a stored boundary as "经度,纬度" lines (closing point left out). */
export function verticesText(coordinates: unknown): string {
  const ring = (coordinates as [number, number][][][] | undefined)?.[0]?.[0] ?? [];
  return ring
    .slice(0, -1)
    .map(([lng, lat]) => `${lng},${lat}`)
    .join('\n');
}

interface DialogProps {
  unit: UnitRow;
  onClose: () => void;
  onSaved: () => void;
}

export function CreateUnitDialog({ unit, onClose, onSaved }: DialogProps) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<{ kind: CreatableUnitKind; domain?: string; name: string }>();
  const kinds = creatableUnder(unit);
  const kind = Form.useWatch('kind', form) ?? kinds[0];
  const domains = kind ? domainsOf(kind) : null;
  const submit = useSubmit();
  return (
    <FormDialog
      title={t('orgEdit.createTitle', { parent: unit.name })}
      okTestId="unit-create-save"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: kinds[0], domain: kinds[0] === 'grid' ? 'basic' : undefined }}
        onFinish={(values) =>
          void submit.run(async () => {
            await api.POST('/api/v1/units', {
              body: {
                parentId: unit.id,
                kind: values.kind,
                name: values.name,
                ...(values.domain ? { domain: values.domain } : {}),
              },
            });
            onSaved();
          })
        }
        onValuesChange={(changed: { kind?: CreatableUnitKind }) => {
          if (changed.kind) form.setFieldValue('domain', changed.kind === 'grid' ? 'basic' : undefined);
        }}
      >
        <Form.Item name="kind" label={t('orgEdit.kind')} rules={[{ required: true, message: t('orgEdit.required') }]}>
          <Select
            data-testid="unit-create-kind"
            options={kinds.map((k) => ({ value: k, label: t(`orgEdit.kind.${k}`) }))}
          />
        </Form.Item>
        {domains ? (
          <Form.Item
            name="domain"
            label={t('orgEdit.domain')}
            rules={[{ required: true, message: t('orgEdit.required') }]}
          >
            <Select
              data-testid="unit-create-domain"
              showSearch
              optionFilterProp="label"
              options={domains.map((d) => ({ value: d, label: pick(labelOf(UNIT_KIND_LABELS, d)) }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item name="name" label={t('orgEdit.name')} rules={[{ required: true, message: t('orgEdit.required') }]}>
          <Input data-testid="unit-create-name" maxLength={60} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

export function RenameDialog({ unit, onClose, onSaved }: DialogProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string }>();
  const submit = useSubmit();
  return (
    <FormDialog
      title={t('orgEdit.renameTitle', { name: unit.name })}
      okTestId="unit-rename-save"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ name: unit.name }}
        onFinish={(values) =>
          void submit.run(async () => {
            await api.PATCH('/api/v1/units/{id}', { params: { path: { id: unit.id } }, body: { name: values.name } });
            onSaved();
          })
        }
      >
        <Form.Item name="name" label={t('orgEdit.name')} rules={[{ required: true, message: t('orgEdit.required') }]}>
          <Input data-testid="unit-rename-name" maxLength={60} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

export function MoveDialog({ unit, onClose, onSaved }: DialogProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ parentId: number }>();
  const submit = useSubmit();
  return (
    <FormDialog
      title={t('orgEdit.moveTitle', { name: unit.name })}
      okTestId="unit-move-save"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          void submit.run(async () => {
            await api.PATCH('/api/v1/units/{id}', {
              params: { path: { id: unit.id } },
              body: { parentId: values.parentId },
            });
            onSaved();
          })
        }
      >
        <Form.Item
          name="parentId"
          label={t('orgEdit.newParent')}
          rules={[{ required: true, message: t('orgEdit.required') }]}
        >
          <UnitSearch placeholder={t('orgEdit.newParent')} filter={{ type: 'region' }} testId="unit-move-parent" />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

export function CloseDialog({ unit, onClose, onSaved }: DialogProps) {
  const { t } = useI18n();
  const [form] = Form.useForm();
  const submit = useSubmit();
  return (
    <FormDialog
      title={t('orgEdit.closeTitle', { name: unit.name })}
      okText={t('orgEdit.close')}
      okTestId="unit-close-save"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form
        form={form}
        onFinish={() =>
          void submit.run(async () => {
            await api.PATCH('/api/v1/units/{id}', { params: { path: { id: unit.id } }, body: { closed: true } });
            onSaved();
          })
        }
      >
        <Typography.Paragraph>{t('orgEdit.closeExplain')}</Typography.Paragraph>
      </Form>
    </FormDialog>
  );
}

/** A ring as "经度,纬度" lines, the typed form of a drawing. */
export function ringText(ring: readonly [number, number][]): string {
  return ring.map(([lng, lat]) => `${lng},${lat}`).join('\n');
}

/**
 * The boundary, drawn on the map or typed as vertices (the same data: the map writes the list, the
 * list moves the map), for whoever cannot use a pointer.
 */
export function GeometryDialog({ unit, current, onClose, onSaved }: DialogProps & { current: unknown }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ vertices: string }>();
  const submit = useSubmit();
  const text = Form.useWatch('vertices', form) ?? verticesText(current);
  // The map keeps the last list that read as numbers while a line is being typed.
  const lastRing = useRef<[number, number][]>([]);
  const parsed = text.trim() === '' ? [] : (parseVertices(text)?.coordinates[0] ?? null);
  if (parsed) lastRing.current = parsed as [number, number][];
  return (
    <FormDialog
      title={t('orgEdit.geometryTitle', { name: unit.name })}
      okTestId="unit-geometry-save"
      form={form}
      submit={submit}
      onClose={onClose}
      width={760}
    >
      <LazyPolygonDrawer
        unitId={unit.id}
        unitPath={unit.path}
        basicGrid={unit.level === 'grid' && (unit.kind ?? 'basic') === 'basic'}
        value={lastRing.current}
        onChange={(ring) => form.setFieldValue('vertices', ringText(ring))}
      />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ vertices: verticesText(current) }}
        style={{ marginTop: 12 }}
        onFinish={(values) =>
          void submit.run(async () => {
            const geometry = parseVertices(values.vertices);
            if (!geometry) throw new Error(t('orgEdit.verticesInvalid'));
            await api.PUT('/api/v1/units/{id}/geometry', { params: { path: { id: unit.id } }, body: geometry });
            onSaved();
          })
        }
      >
        <Form.Item
          name="vertices"
          label={t('orgEdit.draw.typed')}
          extra={`${t('orgEdit.vertices')}。${t('orgEdit.verticesHelp')}`}
          rules={[
            { required: true, message: t('orgEdit.required') },
            {
              validator: async (_, v: string) =>
                parseVertices(v ?? '') ? undefined : Promise.reject(new Error(t('orgEdit.verticesInvalid'))),
            },
          ]}
        >
          <Input.TextArea data-testid="unit-geometry-vertices" rows={5} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}

export function SplitDialog({ unit, onClose, onSaved }: DialogProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ parts: { name: string; vertices: string }[] }>();
  const submit = useSubmit();
  return (
    <FormDialog
      title={t('orgEdit.splitTitle', { name: unit.name })}
      okTestId="unit-split-save"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          parts: [
            { name: '', vertices: '' },
            { name: '', vertices: '' },
          ],
        }}
        onFinish={(values) =>
          void submit.run(async () => {
            const parts = values.parts.map((p) => {
              const geometry = parseVertices(p.vertices);
              if (!geometry) throw new Error(t('orgEdit.verticesInvalid'));
              return { name: p.name, geometry };
            });
            await api.POST('/api/v1/units/{id}/split', { params: { path: { id: unit.id } }, body: { parts } });
            onSaved();
          })
        }
      >
        <Typography.Paragraph type="secondary">{t('orgEdit.splitExplain')}</Typography.Paragraph>
        <Form.List name="parts">
          {(fields, { add }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} direction="vertical" style={{ display: 'flex', marginBottom: 8 }}>
                  <Form.Item
                    name={[field.name, 'name']}
                    label={t('orgEdit.partName', { n: i + 1 })}
                    rules={[{ required: true, message: t('orgEdit.required') }]}
                  >
                    <Input maxLength={60} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'vertices']}
                    label={t('orgEdit.vertices')}
                    rules={[{ required: true, message: t('orgEdit.required') }]}
                  >
                    <Input.TextArea rows={4} style={{ fontFamily: 'monospace' }} />
                  </Form.Item>
                </Space>
              ))}
              {fields.length < 10 ? (
                <Button onClick={() => add({ name: '', vertices: '' })}>{t('orgEdit.addPart')}</Button>
              ) : null}
            </>
          )}
        </Form.List>
      </Form>
    </FormDialog>
  );
}

export function MergeDialog({ unit, siblings, onClose, onSaved }: DialogProps & { siblings: UnitRow[] }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string; others: number[] }>();
  const [chosen, setChosen] = useState<number[]>([]);
  const submit = useSubmit();
  const open = siblings.filter((s) => s.id !== unit.id && s.level === 'grid' && s.closedAt === null);
  return (
    <FormDialog
      title={t('orgEdit.mergeTitle', { name: unit.name })}
      okTestId="unit-merge-save"
      form={form}
      submit={submit}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          void submit.run(async () => {
            await api.POST('/api/v1/units/merge', { body: { unitIds: [unit.id, ...chosen], name: values.name } });
            onSaved();
          })
        }
      >
        <Form.Item label={t('orgEdit.mergeWith')} required>
          <Checkbox.Group
            value={chosen}
            onChange={(v) => setChosen(v)}
            options={open.map((s) => ({ value: s.id, label: s.name }))}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('orgEdit.mergedName')}
          rules={[{ required: true, message: t('orgEdit.required') }]}
        >
          <Input maxLength={60} />
        </Form.Item>
      </Form>
    </FormDialog>
  );
}
