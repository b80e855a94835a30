// Data (class_id 1, version 0), Blue Book 4.3.1: a value that needs no scaler or status.
import { attr, LOGICAL_NAME } from './common';
import type { ClassDescriptor } from './types';

export const data: ClassDescriptor = {
  classId: 1,
  version: 0,
  name: 'Data',
  attributes: [LOGICAL_NAME, attr(2, 'value', 'any', 'dynamic')],
  methods: [],
};
