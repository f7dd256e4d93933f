// Request and response schemas of base data (issue 18 §2). Phones and ID numbers are always masked
// here; key groups appear only where the caller may see them (absent otherwise).
import { Type } from 'typebox';
import {
  ENTERPRISE_KINDS,
  ENTERPRISE_RELATIONS,
  HOUSE_KINDS,
  HOUSE_RELATIONS,
  KEY_GROUPS,
} from '../../../common/base-data.ts';
import { ExportFormat } from '../../platform/http/xlsx.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const HouseKind = Type.String({ enum: [...HOUSE_KINDS] });
const EnterpriseKind = Type.String({ enum: [...ENTERPRISE_KINDS] });
const HouseRelation = Type.String({ enum: [...HOUSE_RELATIONS] });
const EnterpriseRelation = Type.String({ enum: [...ENTERPRISE_RELATIONS] });
const KeyGroup = Type.String({ enum: [...KEY_GROUPS] });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const EditAbilities = Type.Object({ edit: Type.Boolean() });

export const HouseOut = Type.Object(
  {
    id: Type.Integer(),
    address: Type.String(),
    kind: HouseKind,
    unitId: Type.Integer(),
    unitName: Type.String(),
    lng: Nullable(Type.Number()),
    lat: Nullable(Type.Number()),
    note: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    abilities: EditAbilities,
  },
  { title: 'BaseHouse' },
);

export const LinkedPerson = Type.Object({
  personId: Type.Integer(),
  name: Type.String(),
  relation: Type.String(),
});

export const HouseDetail = Type.Intersect([HouseOut, Type.Object({ people: Type.Array(LinkedPerson) })], {
  title: 'BaseHouseDetail',
});

export const EnterpriseOut = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    creditCode: Type.String(),
    kind: EnterpriseKind,
    address: Type.String(),
    unitId: Type.Integer(),
    unitName: Type.String(),
    contactName: Nullable(Type.String()),
    /** Masked (138****1234). */
    contactPhone: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    abilities: EditAbilities,
  },
  { title: 'BaseEnterprise' },
);

export const EnterpriseDetail = Type.Intersect([EnterpriseOut, Type.Object({ people: Type.Array(LinkedPerson) })], {
  title: 'BaseEnterpriseDetail',
});

export const BasePersonOut = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    unitId: Type.Integer(),
    unitName: Type.String(),
    phone: Nullable(Type.String()),
    idNumber: Nullable(Type.String()),
    note: Nullable(Type.String()),
    houses: Type.Array(Type.Object({ houseId: Type.Integer(), address: Type.String(), relation: HouseRelation })),
    enterprises: Type.Array(
      Type.Object({ enterpriseId: Type.Integer(), name: Type.String(), relation: EnterpriseRelation }),
    ),
    keyGroups: Type.Optional(
      Type.Array(KeyGroup, {
        description:
          '重点人群：仅列出调用者有权查看的类别；无权查看任何类别时不返回此字段 / Key groups the caller may see; absent when it may see none',
      }),
    ),
    createdAt: Type.String(),
    abilities: Type.Object({ edit: Type.Boolean(), revealPhone: Type.Boolean(), revealIdNumber: Type.Boolean() }),
  },
  { title: 'BasePerson' },
);

export const ChangeOut = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String(),
    field: Type.String(),
    oldValue: Nullable(Type.String()),
    newValue: Nullable(Type.String()),
    source: Type.String({ enum: ['edit', 'import'] }),
    actorName: Nullable(Type.String()),
  },
  { title: 'BaseDataChange' },
);

export const History = Type.Object({ items: Type.Array(ChangeOut) }, { title: 'BaseDataHistory' });

const listQuery = {
  q: Type.Optional(Type.String({ maxLength: 64, description: '按名称或地址查找 / By name or address' })),
  unitId: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: '网格或上级单位 / A grid or a unit above' }),
  ),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  format: ExportFormat,
};

export const HouseQuery = Type.Object(listQuery, { additionalProperties: false });
export const EnterpriseQuery = Type.Object(listQuery, { additionalProperties: false });
export const PeopleListQuery = Type.Object(
  {
    ...listQuery,
    keyGroup: Type.Optional(KeyGroup),
    houseId: Type.Optional(Id),
    enterpriseId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const CountsQuery = Type.Object({ unitId: Type.Optional(Id) }, { additionalProperties: false });
export const CountsOut = Type.Object(
  {
    houses: Type.Integer(),
    people: Type.Integer(),
    enterprises: Type.Integer(),
    keyGroups: Type.Array(Type.Object({ group: KeyGroup, count: Type.Integer() }), {
      description: '仅调用者有权查看的类别 / Only the groups the caller may see',
    }),
  },
  { title: 'BaseDataCounts' },
);

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const HousePatch = Type.Object(
  {
    address: Type.Optional(Text(200)),
    kind: Type.Optional(HouseKind),
    unitId: Type.Optional(Id),
    lng: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
    lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
    note: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const EnterprisePatch = Type.Object(
  {
    name: Type.Optional(Text(100)),
    creditCode: Type.Optional(Text(18)),
    kind: Type.Optional(EnterpriseKind),
    address: Type.Optional(Text(200)),
    unitId: Type.Optional(Id),
    contactName: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    contactPhone: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 20 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const PersonPatch = Type.Object(
  {
    name: Type.Optional(Text(64)),
    unitId: Type.Optional(Id),
    phone: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 20 }))),
    idNumber: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 18 }))),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    keyGroups: Type.Optional(
      Type.Array(KeyGroup, {
        maxItems: KEY_GROUPS.length,
        uniqueItems: true,
        description:
          '调用者可见类别的完整集合；不可见的类别保持不变 / The full set of the groups the caller may see; groups it may not see are kept',
      }),
    ),
    houses: Type.Optional(
      Type.Array(Type.Object({ houseId: Id, relation: HouseRelation }, { additionalProperties: false }), {
        maxItems: 20,
      }),
    ),
    enterprises: Type.Optional(
      Type.Array(Type.Object({ enterpriseId: Id, relation: EnterpriseRelation }, { additionalProperties: false }), {
        maxItems: 20,
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

// 新增 from the page: the fields are the import sheet's columns, checked by the import's own rules
// (use-cases/create-base-data.ts), which name a fault per field in Chinese. The schema only bounds
// the input; an empty or too long value reaches those rules and is answered in their words.
const Field = (description: string) => Type.String({ maxLength: 2000, description });
const OptionalField = (description: string) => Type.Optional(Nullable(Field(description)));

export const HouseCreate = Type.Object(
  {
    address: Field('标准地址 / Standard address'),
    unitId: Id,
    kind: Type.Optional(HouseKind),
    lng: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
    lat: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
    note: OptionalField('备注 / Note'),
  },
  { additionalProperties: false, title: 'BaseHouseCreate' },
);

export const EnterpriseCreate = Type.Object(
  {
    name: Field('名称 / Name'),
    creditCode: Field('统一社会信用代码 / Unified social credit code'),
    kind: Type.Optional(EnterpriseKind),
    address: Field('经营地址 / Address'),
    unitId: Id,
    contactName: OptionalField('联系人 / Contact'),
    contactPhone: OptionalField('联系电话 / Contact phone'),
  },
  { additionalProperties: false, title: 'BaseEnterpriseCreate' },
);

export const PersonCreate = Type.Object(
  {
    name: Field('姓名 / Name'),
    idNumber: Field('身份证号 / ID card number'),
    phone: OptionalField('联系电话 / Phone'),
    unitId: Id,
    house: OptionalField('已登记房屋的标准地址 / Standard address of a registered house'),
    houseRelation: Type.Optional(Nullable(HouseRelation)),
    creditCode: OptionalField('已登记企业的统一社会信用代码 / Credit code of a registered enterprise'),
    enterpriseRelation: Type.Optional(Nullable(EnterpriseRelation)),
    keyGroups: Type.Optional(Type.Array(KeyGroup, { maxItems: KEY_GROUPS.length, uniqueItems: true })),
    note: OptionalField('备注 / Note'),
  },
  { additionalProperties: false, title: 'BasePersonCreate' },
);

export const IMPORT_KINDS = ['people', 'houses', 'enterprises'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const ImportQuery = Type.Object(
  {
    kind: Type.String({ enum: [...IMPORT_KINDS], description: 'people | houses | enterprises' }),
    dryRun: Type.Optional(
      Type.Boolean({
        default: false,
        description: '只检查、不保存（预览） / Check every row, store nothing (preview)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const TemplateQuery = Type.Object(
  { kind: Type.String({ enum: [...IMPORT_KINDS] }) },
  { additionalProperties: false },
);

export const ImportError = Type.Object({
  row: Type.Integer({ description: '表中行号 / The row number in the sheet' }),
  column: Type.String({ description: '列名 / The column header' }),
  reason: Type.String({ description: '原因（中文） / Why, in Chinese' }),
});

export const ImportRowOut = Type.Object({
  row: Type.Integer(),
  key: Type.String({ description: '自然键（脱敏） / The natural key, masked for people' }),
  status: Type.String({
    enum: ['create', 'update', 'unchanged', 'rejected'],
    description: 'create 新增、update 更新、unchanged 已存在且无变化、rejected 有错误',
  }),
});

export const ImportReport = Type.Object(
  {
    kind: Type.String({ enum: [...IMPORT_KINDS] }),
    dryRun: Type.Boolean(),
    imported: Type.Boolean({ description: '是否已保存 / Whether anything was stored' }),
    total: Type.Integer(),
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    rejected: Type.Integer(),
    errors: Type.Array(ImportError),
    rows: Type.Array(ImportRowOut),
  },
  { title: 'BaseDataImportReport' },
);
