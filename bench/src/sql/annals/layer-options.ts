import { Cipher, type ApplicationOptions } from '@annals/core';
import type { StateLayer } from '../state-layer.js';

/** The application options that put `layer` on stored state; each call makes a new cipher key. */
export function layerOptions(layer: StateLayer): Pick<ApplicationOptions, 'compression' | 'cipherKey'> {
  return layer === 'cipher' ? { cipherKey: Cipher.generateKey() } : { compression: layer };
}
