import Glibc

/// Progress of long work on stderr (API.md): a redrawn bar on a terminal, plain periodic
/// lines otherwise (CI logs, pipes), so a log file never fills with carriage returns.
///
/// Not thread-safe; called from the one task doing the work.
final class ProgressReporter {
    enum Unit {
        case bytes
        case events
        /// A count of something else, e.g. `.items("people")`.
        case items(String)
    }

    private let label: String
    private let unit: Unit
    private let isTerminal: Bool
    private let startSeconds: Double
    private var lastDrawSeconds: Double = 0
    private var done: UInt64 = 0
    private var total: UInt64 = 0
    private var finished = false

    /// Seconds between redraws on a terminal, and between lines otherwise.
    static let terminalIntervalSeconds = 0.1
    static let lineIntervalSeconds = 2.0
    static let barWidth = 30

    init(label: String, unit: Unit, isTerminal: Bool = Console.stderrIsTerminal) {
        self.label = label
        self.unit = unit
        self.isTerminal = isTerminal
        self.startSeconds = Self.now()
        self.lastDrawSeconds = startSeconds
    }

    func update(done: UInt64, total: UInt64) {
        self.done = done
        self.total = total
        let now = Self.now()
        let interval = isTerminal ? Self.terminalIntervalSeconds : Self.lineIntervalSeconds
        guard now - lastDrawSeconds >= interval else { return }
        lastDrawSeconds = now
        if isTerminal {
            Console.write(fd: 2, "\r" + bar() + "\u{1B}[K")
        } else {
            Console.info("\(label): \(percent())% (\(amount(done)) of \(amount(total)))")
        }
    }

    /// The final line: the bar at its end on a terminal, a summary otherwise.
    func finish() {
        guard !finished else { return }
        finished = true
        let seconds = Self.now() - startSeconds
        let elapsed = seconds < 10 ? String(Int(seconds * 1000)) + " ms" : String(Int(seconds)) + " s"
        if isTerminal {
            Console.write(fd: 2, "\r" + bar() + " in \(elapsed)\u{1B}[K\n")
        } else {
            Console.info("\(label): done, \(amount(done)) in \(elapsed)")
        }
    }

    private func percent() -> Int {
        total == 0 ? 100 : Int(min(100, done * 100 / total))
    }

    private func bar() -> String {
        let filled = total == 0 ? Self.barWidth : Int(min(UInt64(Self.barWidth), done * UInt64(Self.barWidth) / total))
        return "\(label) [" + String(repeating: "#", count: filled) + String(repeating: "-", count: Self.barWidth - filled)
            + "] \(percent())% \(amount(done))/\(amount(total))"
    }

    private func amount(_ value: UInt64) -> String {
        switch unit {
        case .bytes: Format.bytes(value)
        case .events: "\(value) events"
        case .items(let noun): "\(value) \(noun)"
        }
    }

    private static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

enum Format {
    /// 1536 → "1.5 KiB".
    static func bytes(_ value: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var scaled = Double(value)
        var unit = 0
        while scaled >= 1024 && unit < units.count - 1 {
            scaled /= 1024
            unit += 1
        }
        return unit == 0 ? "\(value) B" : "\(decimal(scaled, places: 1)) \(units[unit])"
    }

    /// A fixed number of decimals without Foundation's locale-dependent formatting.
    static func decimal(_ value: Double, places: Int) -> String {
        var factor = 1.0
        for _ in 0..<places { factor *= 10 }
        let rounded = (value * factor).rounded() / factor
        var text = String(Int(rounded))
        if places > 0 {
            let fraction = Int(((rounded - Double(Int(rounded))) * factor).rounded())
            let digits = String(abs(fraction))
            text += "." + String(repeating: "0", count: places - digits.count) + digits
        }
        return text
    }
}
