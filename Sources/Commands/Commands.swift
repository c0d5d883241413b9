public enum CommandsNamespace {}
