import Glibc

/// Reads the test process's environment (replay seeds, the golden-file switch).
public enum ProcessEnvironment {
    public static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// True when `name` is set to "1".
    public static func isEnabled(_ name: String) -> Bool {
        value(name) == "1"
    }
}
