// Register (class_id 3, version 0), Blue Book 4.3.2: a value with scaler and unit.
import { attr, LOGICAL_NAME, method, NO_DATA, SCALER_UNIT } from './common';
import type { ClassDescriptor } from './types';

export const register: ClassDescriptor = {
  classId: 3,
  version: 0,
  name: 'Register',
  attributes: [LOGICAL_NAME, attr(2, 'value', 'any', 'dynamic'), attr(3, 'scaler_unit', SCALER_UNIT, 'static', 'read-only')],
  methods: [method(1, 'reset', NO_DATA, 'access', true)],
  snMethodOffset: 0x28,
};
