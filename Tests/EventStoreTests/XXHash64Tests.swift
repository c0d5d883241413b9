@testable import EventStore
import Testing

/// xxHash64 keys index.snap (stream and idempotency-key hashes persisted on disk), so its
/// values must be XXH64's exactly, not merely stable: a different hash would make every
/// snapshot written by another implementation unreadable and vice versa.
@Suite struct XXHash64Tests {
    /// xxHash's sanity-test input (cli/xsum_sanity_check.c `fillTestBuffer`): byte i is the
    /// top byte of 2654435761 × 11400714785074694797^i (mod 2^64).
    static let sanityBuffer: [UInt8] = {
        var generator: UInt64 = 2_654_435_761
        return (0..<300).map { _ in
            defer { generator = generator &* 11_400_714_785_074_694_797 }
            return UInt8(truncatingIfNeeded: generator >> 56)
        }
    }()

    static func hash(_ bytes: ArraySlice<UInt8>, seed: UInt64) -> UInt64 {
        Array(bytes).withUnsafeBytes { XXHash64.hash($0, seed: seed) }
    }

    /// The XXH64 vectors the xxHash project publishes (xsum_sanity_check.c, XSUM_XXH64_testdata).
    @Test(arguments: [
        (0, 0, 0xEF46_DB37_51D8_E999), (0, 2_654_435_761, 0xAC75_FDA2_929B_17EF),
        (1, 0, 0xE934_A84A_DB05_2768), (1, 2_654_435_761, 0x5014_6076_43A9_B4C3),
        (4, 0, 0x9136_A0DC_A574_57EE),
        (14, 0, 0x8282_DCC4_994E_35C8), (14, 2_654_435_761, 0xC3BD_6BF6_3DEB_6DF0),
        (222, 0, 0xB641_AE8C_B691_C174), (222, 2_654_435_761, 0x20CB_8AB7_AE10_C14A),
    ] as [(Int, UInt64, UInt64)])
    func matchesTheXXHashProjectsSanityVectors(length: Int, seed: UInt64, expected: UInt64) {
        #expect(Self.hash(Self.sanityBuffer[..<length], seed: seed) == expected, "length \(length), seed \(seed)")
    }

    /// Every branch of the tail (8-, 4- and 1-byte steps) and of the 32-byte stripes, with
    /// zero, 32-bit and 64-bit seeds; values from the reference implementation (Python
    /// `xxhash` 4.1.0, which wraps xxHash's C code).
    @Test(arguments: [
        (2, 0, 0x5D48_CD60_A77E_23FF),
        (2, 2_654_435_761, 0x9E93_1522_32D5_4A39),
        (2, 0x0123_4567_89AB_CDEF, 0xE81A_94B2_3CEC_CF32),
        (3, 0, 0xFF7E_1959_CB50_794A),
        (3, 2_654_435_761, 0xAA85_84E8_3660_F7D1),
        (3, 0x0123_4567_89AB_CDEF, 0xEDE6_0890_D160_8F52),
        (5, 0, 0x9B04_6FB1_397F_09A5),
        (5, 2_654_435_761, 0x2AF5_2499_30F9_84EC),
        (5, 0x0123_4567_89AB_CDEF, 0x82A6_AD28_4708_4A33),
        (7, 0, 0x6C83_909A_9F01_ED25),
        (7, 2_654_435_761, 0xF98D_03B1_AD6F_9293),
        (7, 0x0123_4567_89AB_CDEF, 0x5EAD_9DCA_6DE6_F498),
        (8, 0, 0xCDBC_F538_E71D_1348),
        (8, 2_654_435_761, 0xFE0C_047A_5353_CDAC),
        (8, 0x0123_4567_89AB_CDEF, 0x3381_2B1E_73B9_4CC4),
        (9, 0, 0x554B_1AE9_91ED_A6B6),
        (9, 2_654_435_761, 0x7908_2652_48F6_D73F),
        (9, 0x0123_4567_89AB_CDEF, 0x510A_D9BB_5E2A_F77A),
        (12, 0, 0x0723_BF50_086E_AD9A),
        (12, 2_654_435_761, 0x8252_819F_4E50_6951),
        (12, 0x0123_4567_89AB_CDEF, 0x2E5E_863E_E406_C1B8),
        (16, 0, 0x98C9_0B57_FDFC_B55C),
        (16, 2_654_435_761, 0xC900_AD2D_536B_607E),
        (16, 0x0123_4567_89AB_CDEF, 0x139D_123D_FC3A_2760),
        (31, 0, 0x299B_39A2_90E6_D783),
        (31, 2_654_435_761, 0xDA67_3D5F_EB5C_1D79),
        (31, 0x0123_4567_89AB_CDEF, 0x15DF_0C5F_454C_B442),
        (32, 0, 0x18B2_1649_2BB4_4B70),
        (32, 2_654_435_761, 0xB3F3_3BDF_93AD_E409),
        (32, 0x0123_4567_89AB_CDEF, 0x8233_5D2B_A9AF_BF4E),
        (33, 0, 0x55C8_DC3E_578F_5B59),
        (33, 2_654_435_761, 0xE92C_292F_64BC_3071),
        (33, 0x0123_4567_89AB_CDEF, 0x28F7_AA5C_D4F5_1D46),
        (40, 0, 0x23B3_810D_7D8B_1731),
        (40, 2_654_435_761, 0x5A57_F246_772B_C540),
        (40, 0x0123_4567_89AB_CDEF, 0xA7D7_7A39_902E_11ED),
        (63, 0, 0xA9EF_BE0F_A0F3_F4E7),
        (63, 2_654_435_761, 0x6C91_1FAD_B05B_6FC2),
        (63, 0x0123_4567_89AB_CDEF, 0x9F2E_7DD2_11D5_FD08),
        (64, 0, 0xEF55_8F8A_CAC2_B5CD),
        (64, 2_654_435_761, 0xB5EE_BA99_264C_C44F),
        (64, 0x0123_4567_89AB_CDEF, 0x9406_ECC3_2D78_52EC),
        (65, 0, 0xDE0F_20DC_2631_AF7A),
        (65, 2_654_435_761, 0xD3F6_FF39_41E3_10CA),
        (65, 0x0123_4567_89AB_CDEF, 0x94E7_4DEC_4157_C995),
        (100, 0, 0x4BFE_019C_D91D_9EA4),
        (100, 2_654_435_761, 0x4853_706D_C962_5CAE),
        (100, 0x0123_4567_89AB_CDEF, 0x70F4_0596_D4A2_F05B),
        (128, 0, 0x90CA_0214_57D9_6DC5),
        (128, 2_654_435_761, 0xED93_40A2_02BC_D1CF),
        (128, 0x0123_4567_89AB_CDEF, 0xA560_A146_0AB8_1A16),
        (255, 0, 0xA80F_35BB_0DC8_E3A7),
        (255, 2_654_435_761, 0x8E7A_5976_2640_754F),
        (255, 0x0123_4567_89AB_CDEF, 0x7D2F_DF1D_B543_C7FD),
    ] as [(Int, UInt64, UInt64)])
    func matchesTheReferenceImplementationAtEveryLengthClass(length: Int, seed: UInt64, expected: UInt64) {
        #expect(Self.hash(Self.sanityBuffer[..<length], seed: seed) == expected, "length \(length), seed \(seed)")
    }

    @Test func hashesAStringAsItsUTF8Bytes() {
        #expect(XXHash64.hash("") == 0xEF46_DB37_51D8_E999)
        #expect(XXHash64.hash("a") == 0xD24E_C4F1_A98C_6E5B)
        #expect(XXHash64.hash("abc") == 0x44BC_2CF5_AD77_0999)
        #expect(XXHash64.hash("lead.received:ringcentral:1730458812016") == 0xC057_20B7_31F9_44EC)
    }
}
