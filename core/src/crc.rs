//! The CRC engine behind hashmill's three CRCs, from the implementation that suits each
//! target, with one interface: a running [`Digest`] (new, continued from a register
//! value, fed, read) and a one-shot [`checksum`], both keyed by crc-fast's algorithm names.
//!
//! Native: crc-fast, which folds with PCLMULQDQ/VPCLMULQDQ or PMULL chosen at run time.
//! wasm32: the `crc` crate's slice-by-16 tables for exactly these three CRCs. crc-fast has
//! no wasm SIMD path either, and its table fallback is the same slice-by-16 method, but it
//! dispatches on the algorithm at run time over every CRC in its catalogue, which keeps
//! ~700 KB of tables of CRCs hashmill never computes in the module. The tests check both
//! engines against the reference vectors and against each other's digests.

cfg_if::cfg_if! {
    if #[cfg(target_arch = "wasm32")] {
        use crc::{Crc, Table, CRC_32_ISCSI, CRC_32_ISO_HDLC, CRC_64_NVME};
        use crc_fast::CrcAlgorithm;

        static CRC32: Crc<u32, Table<16>> = Crc::<u32, Table<16>>::new(&CRC_32_ISO_HDLC);
        static CRC32C: Crc<u32, Table<16>> = Crc::<u32, Table<16>>::new(&CRC_32_ISCSI);
        static CRC64_NVME: Crc<u64, Table<16>> = Crc::<u64, Table<16>>::new(&CRC_64_NVME);

        /// The 32-bit CRC of `algorithm` (crc32c, else crc32).
        fn crc32_of(algorithm: CrcAlgorithm) -> &'static Crc<u32, Table<16>> {
            if algorithm == CrcAlgorithm::Crc32Iscsi { &CRC32C } else { &CRC32 }
        }

        /// A running CRC.
        #[derive(Clone)]
        pub(crate) enum Digest {
            Crc32(crc::Digest<'static, u32, Table<16>>),
            Crc64(crc::Digest<'static, u64, Table<16>>),
        }

        impl Digest {
            /// The CRC of no bytes so far.
            pub(crate) fn new(algorithm: CrcAlgorithm) -> Digest {
                match algorithm {
                    CrcAlgorithm::Crc64Nvme => Digest::Crc64(CRC64_NVME.digest()),
                    _ => Digest::Crc32(crc32_of(algorithm).digest()),
                }
            }

            /// A CRC whose register (the value before the final xor, reflected as crc-fast
            /// keeps it) is `state`. The `crc` crate reflects the initial value it is given,
            /// so it gets `state` bit-reversed.
            pub(crate) fn new_with_init_state(algorithm: CrcAlgorithm, state: u64) -> Digest {
                match algorithm {
                    CrcAlgorithm::Crc64Nvme => Digest::Crc64(CRC64_NVME.digest_with_initial(state.reverse_bits())),
                    _ => Digest::Crc32(crc32_of(algorithm).digest_with_initial((state as u32).reverse_bits())),
                }
            }

            /// Feeds `data`.
            pub(crate) fn update(&mut self, data: &[u8]) {
                match self {
                    Digest::Crc32(d) => d.update(data),
                    Digest::Crc64(d) => d.update(data),
                }
            }

            /// The CRC of everything fed so far (the digest goes on).
            pub(crate) fn finalize(&self) -> u64 {
                match self {
                    Digest::Crc32(d) => u64::from(d.clone().finalize()),
                    Digest::Crc64(d) => d.clone().finalize(),
                }
            }
        }

        /// The CRC of `data`.
        pub(crate) fn checksum(algorithm: CrcAlgorithm, data: &[u8]) -> u64 {
            match algorithm {
                CrcAlgorithm::Crc64Nvme => CRC64_NVME.checksum(data),
                _ => u64::from(crc32_of(algorithm).checksum(data)),
            }
        }
    } else {
        pub(crate) use crc_fast::{checksum, Digest};
    }
}
