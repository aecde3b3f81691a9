// The daemon driver lives here (issue 3).
