/// Whether bytes are well-formed UTF-8, without building a `String`: the record check (an
/// event's text fields) and Domain's `JSONReader` (a string it validates but does not build)
/// share it. Stateless (thread-safe).
public enum UTF8Validation {
    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if bytes.allSatisfy({ $0 < 0x80 }) { return true }
        var iterator = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
