import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const LegalBasisQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    law: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);

export const LawSource = Type.Object(
  {
    repository: Type.String(),
    path: Type.String(),
    commit: Type.String(),
    official: Type.String(),
    chapters: Type.Optional(Type.Array(Type.String())),
  },
  { title: 'LawSource' },
);

const ArticleFields = {
  id: Type.Integer(),
  lawCode: Type.String(),
  lawTitle: Type.String(),
  lawShortTitle: Type.String(),
  label: Type.String({ description: '第二百八十八条' }),
  number: Type.Integer(),
  part: Nullable(Type.String()),
  chapter: Nullable(Type.String()),
  section: Nullable(Type.String()),
  versionDate: Type.String(),
};

export const LegalBasisListItem = Type.Object(
  {
    ...ArticleFields,
    snippet: Type.String(),
    /** The query's words found in the article, longest first (the console marks them). */
    highlights: Type.Array(Type.String()),
  },
  { title: 'LegalBasisListItem' },
);

export const LegalBasis = Type.Object(
  {
    ...ArticleFields,
    text: Type.String(),
    issuingBody: Type.String(),
    effectiveDate: Type.String(),
    coverage: Type.Union([Type.Literal('full'), Type.Literal('excerpt')]),
    source: LawSource,
    retrievedOn: Type.String(),
    inForce: Type.Boolean(),
    /** 《中华人民共和国民法典》第二百八十八条 — as an agreement cites it. */
    citation: Type.String(),
  },
  { title: 'LegalBasis' },
);

export const LegalLaw = Type.Object(
  {
    code: Type.String(),
    title: Type.String(),
    shortTitle: Type.String(),
    issuingBody: Type.String(),
    versionDate: Type.String(),
    effectiveDate: Type.String(),
    coverage: Type.Union([Type.Literal('full'), Type.Literal('excerpt')]),
    source: LawSource,
    retrievedOn: Type.String(),
    articleCount: Type.Integer(),
  },
  { title: 'LegalLaw' },
);
