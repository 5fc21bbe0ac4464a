/// <reference types="node" />
/** `require('hashmill/crypto')`: node:crypto's createHash() and hash() over hashmill. */
import { Transform, TransformOptions } from 'node:stream'
import { Algorithm } from './index'

export interface HashOptions extends TransformOptions {
  /** The digest length in bytes: any for BLAKE3 (0 too), else the algorithm's own (as node:crypto checks it). */
  outputLength?: number
  /** git-sha1 / git-sha256: the input's length, required up front. */
  size?: number | bigint
}

export declare class Hash extends Transform {
  private constructor ()
  update (data: string | NodeJS.ArrayBufferView, inputEncoding?: BufferEncoding): this
  digest (): Buffer
  digest (encoding: BufferEncoding): string
  copy (options?: TransformOptions): Hash
}

export function createHash (algorithm: Algorithm | Uppercase<Algorithm>, options?: HashOptions): Hash
export function hash (algorithm: Algorithm | Uppercase<Algorithm>, data: string | NodeJS.ArrayBufferView, outputEncoding?: BufferEncoding): string
export function hash (algorithm: Algorithm | Uppercase<Algorithm>, data: string | NodeJS.ArrayBufferView, outputEncoding: 'buffer'): Buffer
export function getHashes (): Algorithm[]
