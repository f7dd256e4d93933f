// The ordered list of migrations. Names are ISO-dated; never rename or edit one that has shipped.
import type { Migration } from 'kysely';
import * as foundation from './2026-11-27T1030_foundation.ts';
import * as cases from './2026-11-27T1200_cases.ts';
import * as outboxAttachments from './2026-11-27T1300_outbox_attachments.ts';
import * as mediation from './2026-11-27T1400_mediation.ts';
import * as benchIndexes from './2026-11-27T1600_bench_indexes.ts';
import * as calendarRevision from './2026-11-27T1700_calendar_revision.ts';
import * as nearbyIndex from './2026-11-27T1800_nearby_index.ts';
import * as openCaseRollup from './2026-12-03T1000_open_case_rollup.ts';
import * as oneCentrePerRegion from './2026-12-03T1100_one_centre_per_region.ts';
import * as auditCheckpoints from './2026-12-03T1200_audit_checkpoints.ts';
import * as totpLastStep from './2026-12-03T1300_totp_last_step.ts';
import * as loginThrottle from './2026-12-03T1310_login_throttle.ts';
import * as rateWindows from './2026-12-03T1400_rate_windows.ts';
import * as agreementHashes from './2026-12-03T1410_agreement_hashes.ts';
import * as searchMapIndexes from './2026-12-03T1500_search_map_indexes.ts';
import * as returnCalls from './2026-12-03T1600_return_calls.ts';
import * as attachmentStages from './2026-12-03T1610_attachment_stages.ts';
import * as hearingNotice from './2026-12-03T1800_hearing_notice.ts';
import * as outboxDeliveries from './2026-12-04T0900_outbox_deliveries.ts';
import * as serviceAccounts from './2026-12-04T1000_service_accounts.ts';
import * as caseTrackingExternalRef from './2026-12-04T1100_case_tracking_external_ref.ts';
import * as sms from './2026-12-04T1300_sms.ts';
import * as inbox from './2026-12-04T1400_inbox.ts';
import * as smsChallenge from './2026-12-04T1500_sms_challenge.ts';
import * as knowledge from './2026-12-04T1600_knowledge.ts';
import * as open311Requests from './2026-12-04T1700_open311_requests.ts';
import * as assessment from './2026-12-05T0100_assessment.ts';
import * as publicResultSnapshots from './2026-12-05T0200_public_result_snapshots.ts';
import * as evaluationSamples from './2026-12-05T0300_evaluation_samples.ts';
import * as caseLeader from './2026-12-05T0310_case_leader.ts';
import * as suggestionModels from './2026-12-05T0500_suggestion_models.ts';
import * as warnings from './2026-12-05T0600_warnings.ts';
import * as caseInvolvedCount from './2026-12-05T0601_case_involved_count.ts';
import * as safetyIndex from './2026-12-05T0700_safety_index.ts';
import * as legalLibrary from './2026-12-05T0800_legal_library.ts';
import * as stability from './2026-12-05T0810_stability.ts';
import * as rankingSnapshots from './2026-12-05T0900_ranking_snapshots.ts';
import * as findingMediationFile from './2026-12-05T1100_finding_mediation_file.ts';
import * as patrols from './2026-12-05T1300_patrols.ts';
import * as baseData from './2026-12-05T1400_base_data.ts';
import * as orgEdit from './2026-12-05T1500_org_edit.ts';
import * as psychReferrals from './2026-12-05T1600_psych_referrals.ts';
import * as workforce from './2026-12-05T1700_workforce.ts';
import * as emergency from './2026-12-06T1100_emergency.ts';
import * as consultations from './2026-12-07T1100_consultations.ts';
import * as gridCadres from './2026-12-06T1200_grid_cadres.ts';
import * as patrolPhotos from './2026-12-06T1300_patrol_photos.ts';
import * as community from './2026-12-07T1500_community.ts';
import * as meetings from './2026-12-07T1200_meetings.ts';
import * as points from './2026-12-07T1300_points.ts';
import * as credit from './2026-12-07T1400_credit.ts';
import * as auditChainAfterCommit from './2026-12-08T1000_audit_chain_after_commit.ts';
import * as rollupDeltas from './2026-12-08T1100_rollup_deltas.ts';
import * as jobLease from './2026-12-08T1200_job_lease.ts';
import * as casePlaceIndex from './2026-12-09T0900_case_place_index.ts';

export const migrations: Record<string, Migration> = {
  '2026-11-27T1030_foundation': foundation,
  '2026-11-27T1200_cases': cases,
  '2026-11-27T1300_outbox_attachments': outboxAttachments,
  '2026-11-27T1400_mediation': mediation,
  '2026-11-27T1600_bench_indexes': benchIndexes,
  '2026-11-27T1700_calendar_revision': calendarRevision,
  '2026-11-27T1800_nearby_index': nearbyIndex,
  '2026-12-03T1000_open_case_rollup': openCaseRollup,
  '2026-12-03T1100_one_centre_per_region': oneCentrePerRegion,
  '2026-12-03T1200_audit_checkpoints': auditCheckpoints,
  '2026-12-03T1300_totp_last_step': totpLastStep,
  '2026-12-03T1310_login_throttle': loginThrottle,
  '2026-12-03T1400_rate_windows': rateWindows,
  '2026-12-03T1410_agreement_hashes': agreementHashes,
  '2026-12-03T1500_search_map_indexes': searchMapIndexes,
  '2026-12-03T1600_return_calls': returnCalls,
  '2026-12-03T1610_attachment_stages': attachmentStages,
  '2026-12-03T1800_hearing_notice': hearingNotice,
  '2026-12-04T0900_outbox_deliveries': outboxDeliveries,
  '2026-12-04T1000_service_accounts': serviceAccounts,
  '2026-12-04T1100_case_tracking_external_ref': caseTrackingExternalRef,
  '2026-12-04T1300_sms': sms,
  '2026-12-04T1400_inbox': inbox,
  '2026-12-04T1500_sms_challenge': smsChallenge,
  '2026-12-04T1600_knowledge': knowledge,
  '2026-12-04T1700_open311_requests': open311Requests,
  '2026-12-05T0100_assessment': assessment,
  '2026-12-05T0200_public_result_snapshots': publicResultSnapshots,
  '2026-12-05T0300_evaluation_samples': evaluationSamples,
  '2026-12-05T0310_case_leader': caseLeader,
  '2026-12-05T0500_suggestion_models': suggestionModels,
  '2026-12-05T0600_warnings': warnings,
  '2026-12-05T0601_case_involved_count': caseInvolvedCount,
  '2026-12-05T0700_safety_index': safetyIndex,
  '2026-12-05T0800_legal_library': legalLibrary,
  '2026-12-05T0810_stability': stability,
  '2026-12-05T0900_ranking_snapshots': rankingSnapshots,
  '2026-12-05T1100_finding_mediation_file': findingMediationFile,
  '2026-12-05T1300_patrols': patrols,
  '2026-12-05T1400_base_data': baseData,
  '2026-12-05T1500_org_edit': orgEdit,
  '2026-12-05T1600_psych_referrals': psychReferrals,
  '2026-12-05T1700_workforce': workforce,
  '2026-12-06T1100_emergency': emergency,
  '2026-12-06T1200_grid_cadres': gridCadres,
  '2026-12-06T1300_patrol_photos': patrolPhotos,
  '2026-12-07T1500_community': community,
  '2026-12-07T1100_consultations': consultations,
  '2026-12-07T1200_meetings': meetings,
  '2026-12-07T1300_points': points,
  '2026-12-07T1400_credit': credit,
  '2026-12-08T1000_audit_chain_after_commit': auditChainAfterCommit,
  '2026-12-08T1100_rollup_deltas': rollupDeltas,
  '2026-12-08T1200_job_lease': jobLease,
  '2026-12-09T0900_case_place_index': casePlaceIndex,
};
