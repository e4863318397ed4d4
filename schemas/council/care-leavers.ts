import { col, defineDataset, required } from '../contract';
import { CARE_LEAVER_ACCOMMODATION, CARE_LEAVER_ACTIVITY, CARE_LEAVER_IN_TOUCH } from '../codes';

export const careLeavers = defineDataset({
  name: 'care_leavers',
  partner: 'council',
  cadence: 'snapshot',
  description: 'Care leavers and their status as at the extract (SSDA903 OC3 layout accepted as is).',
  key: ['child_id'],
  columns: {
    child_id: required(col.id({ pseudonym: 'child', aliases: ['CHILD'] })),
    date_of_birth: required(col.dob({ aliases: ['DOB'] })),
    in_touch: required(col.code(CARE_LEAVER_IN_TOUCH)),
    activity: col.code(CARE_LEAVER_ACTIVITY, { aliases: ['ACTIV'] }),
    accommodation: col.code(CARE_LEAVER_ACCOMMODATION, { aliases: ['ACCOM'], note: 'second character 1 = suitable, 2 = not suitable' }),
  },
});
