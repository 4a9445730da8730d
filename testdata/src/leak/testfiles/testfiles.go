package testfiles

func compute() int { return 1 }
