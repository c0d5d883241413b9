public enum DomainNamespace {}
