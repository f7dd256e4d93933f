// What a signature binds (issue 13): the agreement's text — what its 人民调解协议书 states: the file
// number, the form, the parties, facts, issues, responsibilities, terms and performance — as
// canonical JSON (RFC 8785: keys sorted, no spaces, ES number and string forms), hashed with
// SHA-256. Each signature stores the hash it was given; the text is unchanged while every stored
// hash equals the hash of the text as it is now. Edits through the API are refused once anyone
// has signed, so a difference means the stored text was changed behind the application's back.
//
// The parties' phone and ID numbers enter as their blind-index digests (HMAC under the data key),
// not in clear: the hash is shown to readers who see those numbers masked, and a plain SHA-256 of
// a document whose other words they know would let them try the few thousand candidates a mask
// leaves (issue 13, item 1) until one matched. The committee's name and the mediators' names are
// not part of the text: who mediated is recorded by their own signatures and seal, and renaming a
// unit or an account does not change what the parties agreed to.
import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { AgreementRow, LegalBasisRow, PartyRow, SignatureRow } from './mediation-file.ts';

export const TEXT_FORMAT = 'concord/agreement-text/1';

/** RFC 8785 (JCS) for the values an agreement holds: objects, arrays, strings, integers, null. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    return `{${Object.keys(object)
      .filter((key) => object[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface AgreementState {
  agreement: AgreementRow;
  parties: PartyRow[];
  signatures: Pick<SignatureRow, 'signer_key' | 'method' | 'text_sha256'>[];
  /** The articles cited in the file (issue 17), in order; none leaves the text as it was before. */
  legalBases?: Pick<LegalBasisRow, 'law_title' | 'article_label' | 'article_text'>[];
}

/**
 * What the 人民调解协议书 states of the parties and their agreement, once for the printed document
 * and the hashed text, so a field printed is a field signed. `numberOf` turns a sealed phone or ID
 * number into what the caller shows: the clear number (the document) or its digest (the hash).
 */
export function agreementContent(
  state: Omit<AgreementState, 'signatures'>,
  numberOf: (sealed: string | null) => string | null,
) {
  const { agreement, parties } = state;
  const legalBases = state.legalBases ?? [];
  return {
    parties: parties.map((p) => ({
      role: p.role,
      kind: p.kind,
      name: p.name,
      gender: p.gender,
      ethnicity: p.ethnicity,
      birthDate: p.birth_date,
      idNumber: numberOf(p.id_number_enc),
      phone: numberOf(p.phone_enc),
      address: p.address,
      representative: p.representative,
      creditCode: p.credit_code,
    })),
    facts: agreement.facts,
    issues: agreement.issues,
    responsibilities: agreement.responsibilities,
    terms: JSON.parse(agreement.terms) as string[],
    performanceManner: agreement.performance_manner,
    performanceDeadline: agreement.performance_deadline,
    copies: agreement.copies,
    // Left out (undefined, so not in the canonical JSON) when nothing is cited: the texts signed
    // before citations existed hash as they did.
    legalBases:
      legalBases.length > 0
        ? legalBases.map((b) => ({ law: b.law_title, article: b.article_label, text: b.article_text }))
        : undefined,
  };
}

/** The agreement's text, as the object whose canonical JSON is hashed. */
export function agreementText(ctx: AppContext, fileNumber: string, state: Omit<AgreementState, 'signatures'>) {
  const digest = (sealed: string | null) =>
    sealed === null ? null : ctx.cipher.blindIndex(ctx.cipher.decrypt(sealed));
  return { format: TEXT_FORMAT, number: fileNumber, form: state.agreement.form, ...agreementContent(state, digest) };
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface Binding {
  /** SHA-256 of the text as it is now. */
  textHash: string;
  /** Every signature that stored a hash stored this one. */
  unchanged: boolean;
}

export function bindingOf(ctx: AppContext, fileNumber: string, state: AgreementState): Binding {
  const textHash = sha256Hex(canonicalJson(agreementText(ctx, fileNumber, state)));
  // Signatures recorded before signatures were bound carry no hash: they bind nothing.
  const unchanged = state.signatures.every((s) => s.text_sha256 === null || s.text_sha256 === textHash);
  return { textHash, unchanged };
}

/** Refuses to go on with an agreement whose text is no longer the one signed. */
export function requireUnaltered(binding: Binding): void {
  if (!binding.unchanged) {
    throw new AppError(
      'AGREEMENT_ALTERED',
      '调解协议内容与签署时不一致，签名及协议效力不成立 / The agreement differs from the text that was signed; the signatures and its effect do not hold',
      { textHash: binding.textHash },
    );
  }
}
