/** @module Templates: model + validation, variable catalogue, rendering to WeCom send bodies. */
export * from './variables';
export * from './model';
export * from './render';
