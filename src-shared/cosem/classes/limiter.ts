// Limiter (class_id 71, version 0), Blue Book 4.5.9: thresholds on a monitored value, emergency profiles.
import { ACTION_ITEM, arrayOf, attr, DATE_TIME, field, LOGICAL_NAME, structure, VALUE_DEFINITION } from './common';
import type { ClassDescriptor } from './types';

export const limiter: ClassDescriptor = {
  classId: 71,
  version: 0,
  name: 'Limiter',
  attributes: [
    LOGICAL_NAME,
    attr(2, 'monitored_value', VALUE_DEFINITION, 'static'),
    attr(3, 'threshold_active', 'any', 'dynamic'),
    attr(4, 'threshold_normal', 'any', 'static'),
    attr(5, 'threshold_emergency', 'any', 'static'),
    attr(6, 'min_over_threshold_duration', 'double-long-unsigned', 'static'),
    attr(7, 'min_under_threshold_duration', 'double-long-unsigned', 'static'),
    attr(
      8,
      'emergency_profile',
      structure(field('emergency_profile_id', 'long-unsigned'), field('emergency_activation_time', DATE_TIME), field('emergency_duration', 'double-long-unsigned')),
      'static',
    ),
    attr(9, 'emergency_profile_group_id_list', arrayOf('long-unsigned'), 'static'),
    attr(10, 'emergency_profile_active', 'boolean', 'dynamic'),
    attr(11, 'actions', structure(field('action_over_threshold', ACTION_ITEM), field('action_under_threshold', ACTION_ITEM)), 'static'),
  ],
  methods: [],
};
