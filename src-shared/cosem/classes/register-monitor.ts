// Register monitor (class_id 21, version 0), Blue Book 4.5.6: thresholds on a value, scripts on crossing.
import { ACTION_ITEM, arrayOf, attr, field, LOGICAL_NAME, structure, VALUE_DEFINITION } from './common';
import type { ClassDescriptor } from './types';

export const registerMonitor: ClassDescriptor = {
  classId: 21,
  version: 0,
  name: 'Register monitor',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'thresholds', arrayOf('any'), 'static'),
    attr(3, 'monitored_value', VALUE_DEFINITION, 'static'),
    attr(4, 'actions', arrayOf(structure(field('action_up', ACTION_ITEM), field('action_down', ACTION_ITEM))), 'static'),
  ],
  methods: [],
};
