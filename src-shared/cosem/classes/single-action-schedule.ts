// Single action schedule (class_id 22, version 0), Blue Book 4.5.7: one script at a list of times.
import { ACTION_ITEM, arrayOf, attr, DATE, enumOf, field, LOGICAL_NAME, structure, TIME } from './common';
import type { ClassDescriptor } from './types';

export const singleActionSchedule: ClassDescriptor = {
  classId: 22,
  version: 0,
  name: 'Single action schedule',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'executed_script', ACTION_ITEM, 'static'),
    attr(
      3,
      'type',
      enumOf({
        1: 'size of execution_time = 1; wildcard in date allowed',
        2: 'size of execution_time = n; all time values are the same, wildcards in date allowed',
        3: 'size of execution_time = n; all time values are the same, wildcards in date not allowed',
        4: 'size of execution_time = n; time values may be different, wildcards in date not allowed',
        5: 'size of execution_time = n; time values may be different, wildcards in date allowed',
      }),
      'static',
    ),
    attr(4, 'execution_time', arrayOf(structure(field('time', TIME), field('date', DATE))), 'static'),
  ],
  methods: [],
};
