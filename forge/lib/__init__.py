"""The ground floor: pieces every app may use. It imports no app and nothing else of forge."""
