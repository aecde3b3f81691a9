/// The MySQL client/server protocol (issue 3).
public enum MySQLWire {}
