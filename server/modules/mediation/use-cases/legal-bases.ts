// 调解依据: the articles of the legal library a mediator cites in a file (issue 17), which the
// 人民调解协议书 prints (人民调解法 Art. 22: 讲解有关法律、法规). Setting the list replaces it; each
// article is copied as it reads now, so the agreement keeps the wording the parties signed. Like
// the terms, the list is fixed once anyone has signed the agreement.
import type { AppContext } from '../../../context.ts';
import type { Actor } from '../../auth/index.ts';
import { findLegalArticles } from '../../legal/index.ts';
import { requireOpen, type LoadedFile } from '../mediation-file.ts';
import { inFile, requireUnsigned, rule } from './file-command.ts';

export async function citeLegalBases(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  articleIds: number[],
  clientIp: string | null,
): Promise<void> {
  requireOpen(loaded);
  const ids = [...new Set(articleIds)];
  const articles = await findLegalArticles(ctx.db, ids);
  const unknown = ids.filter((id) => !articles.some((a) => a.id === id && a.inForce));
  if (unknown.length > 0) {
    throw rule(
      'LEGAL_BASIS_UNKNOWN',
      '所引法条不存在或已失效 / A cited article does not exist or is no longer in force',
      {
        articleIds: unknown,
      },
    );
  }
  await inFile(ctx, actor, loaded, clientIp, async (trx, at) => {
    await requireUnsigned(trx, loaded.file.id);
    await trx.deleteFrom('mediation_legal_basis').where('file_id', '=', loaded.file.id).execute();
    if (articles.length > 0) {
      await trx
        .insertInto('mediation_legal_basis')
        .values(
          articles.map((a, i) => ({
            file_id: loaded.file.id,
            position: i + 1,
            article_id: a.id,
            law_title: a.lawTitle,
            article_label: a.label,
            article_text: a.text,
            version_date: a.versionDate,
            cited_by: actor.userId,
            cited_at: at,
          })),
        )
        .execute();
    }
    return {
      value: undefined,
      step: {
        action: 'mediation.legal_bases',
        details: {
          articleIds: articles.map((a) => a.id),
          citations: articles.map((a) => `${a.lawShortTitle}${a.label}`),
        },
      },
    };
  });
}
