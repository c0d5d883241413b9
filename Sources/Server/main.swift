print("contactledger")
