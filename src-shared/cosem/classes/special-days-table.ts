// Special days table (class_id 11, version 0), Blue Book 4.5.4: dates with a day profile of their own.
import { arrayOf, attr, DATE, field, LOGICAL_NAME, method, structure } from './common';
import type { ClassDescriptor } from './types';

const SPEC_DAY_ENTRY = structure(field('index', 'long-unsigned'), field('specialday_date', DATE), field('day_id', 'unsigned'));

export const specialDaysTable: ClassDescriptor = {
  classId: 11,
  version: 0,
  name: 'Special days table',
  attributes: [LOGICAL_NAME, attr(2, 'entries', arrayOf(SPEC_DAY_ENTRY), 'static')],
  methods: [method(1, 'insert', SPEC_DAY_ENTRY), method(2, 'delete', 'long-unsigned')],
  snMethodOffset: 0x10,
};
