/** Code lists shared by more than one contract (datasets.md §4). */

export const CONTACT_SOURCES = ['POLICE', 'EDUCATION', 'HEALTH', 'LA_INTERNAL', 'PUBLIC', 'OTHER_LA', 'OTHER'] as const;

/** DfE ethnicity codes (SSDA903 `ETHNIC`). */
export const ETHNICITY = [
  'WBRI', 'WIRI', 'WOTH', 'WIRT', 'WROM', 'MWBC', 'MWBA', 'MWAS', 'MOTH', 'AIND', 'APKN', 'ABAN', 'AOTH',
  'BCRB', 'BAFR', 'BOTH', 'CHNE', 'OOTH', 'REFU', 'NOBT',
] as const;

/** CIN category of need: N1–N9 for CIN episodes, N1–N8 in SSDA903 episodes. */
export const NEED_CODES = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9'] as const;

/** SSDA903 reason for new episode; `L` changes the legal status only. */
export const RNE = ['S', 'P', 'L', 'T', 'B', 'U'] as const;
export const LEGAL_STATUS = ['C1', 'C2', 'D1', 'E1', 'J1', 'J2', 'J3', 'L1', 'L2', 'L3', 'V2', 'V3', 'V4'] as const;
export const PLACEMENT = [
  'A3', 'A4', 'A5', 'A6', 'H5', 'K1', 'K2', 'P1', 'P2', 'P3', 'R1', 'R2', 'R3', 'R5', 'S1',
  'T0', 'T1', 'T2', 'T3', 'T4', 'U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'Z1',
] as const;
export const PLACEMENT_PROVIDER = ['PR0', 'PR1', 'PR2', 'PR3', 'PR4', 'PR5'] as const;
export const REASON_EPISODE_CEASED = [
  'E11', 'E12', 'E13', 'E14', 'E15', 'E16', 'E17', 'E2', 'E3', 'E41', 'E45', 'E46', 'E47', 'E48', 'E4A', 'E4B',
  'E5', 'E6', 'E7', 'E8', 'E9', 'X1',
] as const;

/** SSDA903 OC3 codes. */
export const CARE_LEAVER_IN_TOUCH = ['YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM'] as const;
export const CARE_LEAVER_ACTIVITY = ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6', '0'] as const;
export const CARE_LEAVER_ACCOMMODATION = [
  'B1', 'B2', 'C1', 'C2', 'D1', 'D2', 'E1', 'E2', 'G1', 'G2', 'H1', 'H2', 'K1', 'K2', 'R1', 'R2', 'S2', 'T1', 'T2',
  'U1', 'U2', 'V1', 'V2', 'W1', 'W2', 'X2', 'Y1', 'Y2', 'Z1', 'Z2', '0',
] as const;

/** DfE attendance register codes. */
export const ATTENDANCE_CODES = [
  '/', '\\', 'L', 'B', 'J', 'P', 'V', 'K', 'C', 'E', 'H', 'I', 'M', 'R', 'S', 'T', 'G', 'N', 'O', 'U', 'D', 'X', 'Y', 'Z', '#',
] as const;

export const INDICATOR_RULES = ['HIGH', 'LOW', 'BAND'] as const;

/** The indicator catalogue's ids (indicators.md §2), for the reference datasets that name them. */
export const INDICATOR_IDS = [
  ...Array.from({ length: 26 }, (_, i) => `CSC-${String(i + 1).padStart(2, '0')}`),
  'POL-01', 'POL-02', 'POL-03', 'YJ-01', 'EH-01', 'EH-02', 'EH-03', 'EH-04',
  'HLT-01', 'HLT-02', 'HLT-03', 'HLT-04', 'HLT-05', 'HLT-06',
  'SCH-01', 'SCH-02', 'SCH-03', 'SCH-04', 'SCH-05', 'SCH-06',
] as const;
