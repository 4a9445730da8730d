package testfilesflag

func compute() int { return 1 }
