import { col, defineDataset, required } from '../contract';
import { ETHNICITY } from '../codes';

export const children = defineDataset({
  name: 'children',
  partner: 'council',
  cadence: 'snapshot',
  description: 'Children known to social care, as at the extract date.',
  key: ['child_id'],
  columns: {
    child_id: required(col.id({ pseudonym: 'child', aliases: ['person_id', 'lcs_id', 'CHILD'] })),
    upn: col.upn(),
    nhs_number: col.nhs({ aliases: ['nhs_no'] }),
    date_of_birth: required(col.dob({ aliases: ['dob'] })),
    sex: required(col.code(['M', 'F', 'U'], { aliases: ['gender'], codeAliases: { '1': 'M', '2': 'F', '0': 'U', '9': 'U' } })),
    ethnicity: col.code(ETHNICITY, { aliases: ['ETHNIC'] }),
    postcode: col.postcode(),
  },
});
