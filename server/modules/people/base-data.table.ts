// Base data 一标三实 (issue 18 §2, ADR 0025): houses, enterprises, who lives and works where, key
// groups, and the append-only history of changes. Persons themselves are the registry's `person`.
import type { Generated } from 'kysely';

export interface HouseTable {
  id: Generated<number>;
  /** The grid (or village) the house belongs to. */
  unit_id: number;
  /** The standard address as recorded. */
  address: string;
  /** The address normalised (addressKey): one house per standard address. */
  address_key: string;
  kind: string;
  lng: number | null;
  lat: number | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface EnterpriseTable {
  id: Generated<number>;
  unit_id: number;
  name: string;
  /** 统一社会信用代码, upper case; unique. */
  credit_code: string;
  kind: string;
  address: string;
  contact_name: string | null;
  contact_phone_enc: string | null;
  contact_phone_hash: string | null;
  created_at: string;
  updated_at: string;
}

export interface PersonHouseTable {
  person_id: number;
  house_id: number;
  relation: string;
}

export interface PersonEnterpriseTable {
  person_id: number;
  enterprise_id: number;
  relation: string;
}

export interface PersonKeyGroupTable {
  person_id: number;
  group_code: string;
}

export interface BaseDataChangeTable {
  id: Generated<number>;
  subject_type: 'house' | 'person' | 'enterprise';
  subject_id: number;
  /** The field, or `keyGroup`, `house`, `enterprise` for a tag or link added (new) or removed (old). */
  field: string;
  /** Sealed fields (phone, ID number) are recorded masked. */
  old_value: string | null;
  new_value: string | null;
  source: 'edit' | 'import';
  actor_user_id: number | null;
  at: string;
}

export interface BaseDataTables {
  house: HouseTable;
  enterprise: EnterpriseTable;
  person_house: PersonHouseTable;
  person_enterprise: PersonEnterpriseTable;
  person_key_group: PersonKeyGroupTable;
  base_data_change: BaseDataChangeTable;
}
