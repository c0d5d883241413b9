/// The Projections layer: SQLite read models, summaries, segments and the replaying auditor
/// (READMODELS.md, TCPA.md). Its code arrives with the read-model issue; the target exists
/// from the start so that the package's layering (docs/ARCHITECTURE.md) is fixed: Projections
/// depends on Domain and EventStore and never on Commands.
public enum ProjectionsNamespace {}
