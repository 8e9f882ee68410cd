"""What people read: the data dictionary, the exports, the HTML page and what the console
says about a run. All of it reads a published warehouse; none of it builds one."""
