//! Official and well-known test vectors: the BLAKE3 team's file (all three modes, 131-byte
//! outputs, one-shot and streamed), FIPS 180 examples, xxHash and CRC check values.

use hashmill_core::{hash_vec, Algorithm, Hasher, Spec};
use serde_json::Value;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn blake3_vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../vectors/blake3.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).expect("valid JSON")
}

/// Every output of `spec` over `input`: one-shot, and streamed with several split points.
fn assert_all_ways(spec: &Spec, input: &[u8], expected_hex: &str) {
    let spec = &spec
        .clone()
        .with_output_len(expected_hex.len() / 2)
        .unwrap();
    assert_eq!(hex(&hash_vec(spec, input)), expected_hex, "one-shot");
    for split in [
        0,
        1,
        63,
        64,
        65,
        1023,
        1024,
        1025,
        input.len() / 2,
        input.len(),
    ] {
        let split = split.min(input.len());
        let mut h = Hasher::new(spec.clone());
        h.update(&input[..split]);
        h.update(&input[split..]);
        assert_eq!(hex(&h.finalize_vec()), expected_hex, "split at {split}");
    }
}

#[test]
fn blake3_official_vectors_all_modes() {
    let v = blake3_vectors();
    let key = v["key"].as_str().unwrap().as_bytes();
    let context = v["context_string"].as_str().unwrap();
    let cases = v["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 35);
    for case in cases {
        let n = case["input_len"].as_u64().unwrap() as usize;
        let input: Vec<u8> = (0..n).map(|i| (i % 251) as u8).collect();
        let plain = Spec::plain(Algorithm::Blake3);
        let keyed = Spec::new(Algorithm::Blake3, Some(key), None, None).unwrap();
        let derive = Spec::new(Algorithm::Blake3, None, Some(context), None).unwrap();
        for (spec, field) in [
            (plain, "hash"),
            (keyed, "keyed_hash"),
            (derive, "derive_key"),
        ] {
            let expected = case[field].as_str().unwrap();
            assert_eq!(expected.len(), 262, "131-byte outputs");
            assert_all_ways(&spec, &input, expected);
            // The default 32-byte output is a prefix of the extended output.
            assert_all_ways(&spec, &input, &expected[..64]);
        }
    }
}

#[test]
fn blake3_every_split_of_every_vector_input() {
    let v = blake3_vectors();
    for case in v["cases"].as_array().unwrap() {
        let n = case["input_len"].as_u64().unwrap() as usize;
        if n > 4097 {
            continue;
        }
        let input: Vec<u8> = (0..n).map(|i| (i % 251) as u8).collect();
        let expected = &case["hash"].as_str().unwrap()[..64];
        for split in 0..=n {
            let mut h = Hasher::new(Spec::plain(Algorithm::Blake3));
            h.update(&input[..split]);
            h.update(&input[split..]);
            assert_eq!(hex(&h.finalize_vec()), expected, "len {n} split {split}");
        }
    }
}

#[test]
fn fixed_vectors_of_the_other_algorithms() {
    let check = b"123456789";
    let cases: &[(Algorithm, &[u8], &str)] = &[
        (Algorithm::Sha256, b"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (Algorithm::Sha384, b"abc", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
        (Algorithm::Sha512, b"abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
        (Algorithm::Sha1, b"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        (Algorithm::Md5, b"abc", "900150983cd24fb0d6963f7d28e17f72"),
        (Algorithm::Md5, b"", "d41d8cd98f00b204e9800998ecf8427e"),
        (Algorithm::Crc32, check, "cbf43926"),
        (Algorithm::Crc32c, check, "e3069283"),
        (Algorithm::Crc64Nvme, check, "ae8b14860a799888"),
        (Algorithm::Crc64Nvme, b"", "0000000000000000"),
        (Algorithm::Xxh64, b"", "ef46db3751d8e999"),
        (Algorithm::Xxh32, b"", "02cc5d05"),
        (Algorithm::Xxh3, b"", "2d06800538d394c2"),
        (Algorithm::Xxh3_128, b"", "99aa06d3014798d86001c324468d497f"),
        (Algorithm::Xxh64, b"a", "d24ec4f1a98c6e5b"),
        (Algorithm::Xxh32, b"a", "550d7456"),
    ];
    for &(algorithm, input, expected) in cases {
        assert_all_ways(&Spec::plain(algorithm), input, expected);
    }
}

#[test]
fn streaming_equals_one_shot_for_every_algorithm() {
    let input: Vec<u8> = (0..300_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    for algorithm in Algorithm::ALL {
        let seed = match algorithm.seed_width() {
            hashmill_core::SeedWidth::None => None,
            _ => Some(0x9e37_79b9),
        };
        let spec = Spec::new(algorithm, None, None, seed).unwrap();
        for n in [
            0, 1, 3, 4, 15, 16, 17, 63, 64, 65, 127, 128, 129, 239, 240, 241, 1023, 1024, 1025,
            4096, 65536, 300_000,
        ] {
            let data = &input[..n];
            let want = hash_vec(&spec, data);
            for piece in [1, 7, 64, 1000, 65536] {
                let mut h = Hasher::new(spec.clone());
                data.chunks(piece).for_each(|c| h.update(c));
                assert_eq!(
                    h.finalize_vec(),
                    want,
                    "{} n={n} piece={piece}",
                    algorithm.name()
                );
                // finalize does not consume: more input changes the digest, reset restores it.
                let copy = h.clone();
                h.update(b"x");
                h.reset();
                h.update(data);
                assert_eq!(h.finalize_vec(), want);
                assert_eq!(copy.finalize_vec(), want);
            }
        }
    }
}

#[test]
fn seeds_change_the_digest_and_keep_streaming_equal() {
    for algorithm in [
        Algorithm::Xxh3,
        Algorithm::Xxh3_128,
        Algorithm::Xxh64,
        Algorithm::Xxh32,
    ] {
        let zero = hash_vec(&Spec::plain(algorithm), b"hello");
        let seeded = Spec::new(algorithm, None, None, Some(42)).unwrap();
        assert_ne!(hash_vec(&seeded, b"hello"), zero);
    }
}
