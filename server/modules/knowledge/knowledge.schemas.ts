import { ExportFormat } from '../../platform/http/xlsx.ts';
import { Type } from 'typebox';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
/** A category code as GET /api/v1/categories lists them (CMP.NOISE); the knowledge base keeps it as a label. */
const CategoryCode = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Z][A-Z0-9_]*(\\.[A-Z0-9_]+)*$' });
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 20, pattern: '\\S' }), { maxItems: 10 });
export const TITLE_MAX = 100;
export const BODY_MAX = 20_000;

export const ARTICLE_STATUSES = ['active', 'archived'] as const;
const StatusCode = Type.String({ enum: [...ARTICLE_STATUSES] });
const Status = Type.Union(ARTICLE_STATUSES.map((s) => Type.Literal(s)));

export const KnowledgeQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    categoryCode: Type.Optional(CategoryCode),
    status: Type.Optional(Status),
    overdue: Type.Optional(Type.Boolean()),
    sort: Type.Optional(Type.Union([Type.Literal('relevance'), Type.Literal('reviewDue'), Type.Literal('updatedAt')])),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

const ArticleFields = {
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  title: Type.String(),
  categoryCode: Nullable(Type.String()),
  tags: Type.Array(Type.String()),
  reviewDue: Type.String(),
  reviewOverdue: Type.Boolean(),
  status: StatusCode,
  version: Type.Integer(),
  updatedAt: Type.String(),
  abilities: Type.Object({ edit: Type.Boolean() }),
};

export const ArticleListItem = Type.Object(
  {
    ...ArticleFields,
    snippet: Type.String(),
    /** The query's words found in the article, longest first (the console marks them). */
    highlights: Type.Array(Type.String()),
  },
  { title: 'KnowledgeArticleListItem' },
);

export const ArticleOut = Type.Object(
  {
    ...ArticleFields,
    body: Type.String(),
    createdAt: Type.String(),
    updatedByName: Nullable(Type.String()),
  },
  { title: 'KnowledgeArticle' },
);

export const CreateArticleBody = Type.Object(
  {
    unitId: Type.Optional(Id),
    title: Type.String({ minLength: 1, maxLength: TITLE_MAX }),
    body: Type.String({ minLength: 1, maxLength: BODY_MAX }),
    categoryCode: Type.Optional(Nullable(CategoryCode)),
    tags: Type.Optional(Tags),
    reviewDue: Type.Optional(Type.String({ pattern: DATE })),
  },
  { additionalProperties: false },
);

export const UpdateArticleBody = Type.Object(
  {
    version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: TITLE_MAX })),
    body: Type.Optional(Type.String({ minLength: 1, maxLength: BODY_MAX })),
    categoryCode: Type.Optional(Nullable(CategoryCode)),
    tags: Type.Optional(Tags),
    reviewDue: Type.Optional(Type.String({ pattern: DATE })),
    status: Type.Optional(Status),
  },
  { additionalProperties: false },
);
