"""The sales area: the events of the counter and a live seatmap of the chosen one."""
