import EventStore

extension EventStore {
    /// Every durable event, in log order: what a test compares with what it acknowledged.
    public func allEvents() throws -> [RecordedEvent] {
        try read(from: 1, maxCount: .max)
    }
}
