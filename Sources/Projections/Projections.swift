public enum ProjectionsNamespace {}
